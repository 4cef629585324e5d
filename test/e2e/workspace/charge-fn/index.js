// ChargeFn's code, as SAM deploys it from CodeUri: the Test Explorer runs it for `handlers: auto`.
exports.handler = async (event) => ({ charged: true, orderId: event.orderId });
