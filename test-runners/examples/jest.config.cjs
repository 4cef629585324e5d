// Jest configuration of the example project: the files run as they are, untransformed.
module.exports = { testEnvironment: 'node', transform: {} };
