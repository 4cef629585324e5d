// The changes Stepthrough makes to jsonata 2.0.6 (the version AWS Step Functions runs), applied by
// `scripts/vendor-jsonata.ts` to the published `jsonata.js` to produce `./jsonata.js`; a test checks that the
// committed copy is exactly the published file with these patches. Each one keeps legal expressions' results
// unchanged and closes a way for an expression to reach JavaScript itself:
// - property reads see a value's own members only (`__proto__`, `constructor`, `toString` are absent, as they
//   are from the Java maps AWS evaluates over), and objects are built with own members only (a key named
//   `__proto__` is a key, not a prototype);
// - a function value (lambda or built-in) is opaque: no path, wildcard, `$spread`/`$merge` or transform reads
//   its internals, and a JSON object that merely carries jsonata's marker keys is data, not a function;
// - a transform copies its input with the built-in `$clone` and changes only that copy, and calling a value
//   that is not a function leaves it as it was, so no expression mutates the values it was given (the
//   execution's data);
// - variables live in prototype-less frames (`$hasOwnProperty` or `$__proto__` are ordinary names);
// - every regular expression that runs over user data (regex literals, `$toMillis` pictures and its ISO-8601
//   check) runs through the evaluation's regex engine when it binds one, so a bounded engine can stop it;
// - the evaluation's timestamp is the caller's clock when its evaluation context (core/jsonata/context.ts,
//   bound under CONTEXT_BINDING) gives one, so `$toMillis` with a partial picture is as reproducible as a run.

/** One textual change: `find` must occur exactly `count` times (default 1) in the published file. */
export interface JsonataPatch {
  why: string;
  find: string;
  replace: string;
  count?: number;
}

const lines = (...text: string[]): string => text.join('\n');

export const JSONATA_PATCHES: readonly JsonataPatch[] = [
  {
    why: 'own-member helpers shared by the other modules, exported from utils',
    find: lines(
      '    function isFunction(arg) {',
      "        return ((arg && (arg._jsonata_function === true || arg._jsonata_lambda === true)) || typeof arg === 'function');",
      '    }',
    ),
    replace: lines(
      '    function isFunction(arg) {',
      "        return isNativeFunction(arg) || isLambda(arg) || typeof arg === 'function';",
      '    }',
      '',
      '    // Stepthrough: a built-in function wrapper is one whose implementation is a JavaScript function, which',
      '    // no JSON value can hold; a JSON object with the marker key alone is data.',
      '    function isNativeFunction(arg) {',
      "        return !!arg && arg._jsonata_function === true && typeof arg.implementation === 'function';",
      '    }',
      '',
      '    // Stepthrough: own members only, so no lookup reaches Object.prototype.',
      '    function hasOwn(object, key) {',
      '        return Object.prototype.hasOwnProperty.call(object, key);',
      '    }',
      '',
      '    // Stepthrough: the own enumerable keys of any value (none for null and undefined).',
      '    function ownKeys(object) {',
      '        return object === null || object === undefined ? [] : Object.keys(object);',
      '    }',
      '',
      "    // Stepthrough: sets an own data property, even one named '__proto__'.",
      '    function setOwn(object, key, value) {',
      "        if (key === '__proto__') {",
      '            Object.defineProperty(object, key, { value: value, writable: true, enumerable: true, configurable: true });',
      '        } else {',
      '            object[key] = value;',
      '        }',
      '    }',
    ),
  },
  {
    why: 'a lambda is one that carries a real environment, which no JSON value can hold',
    find: lines(
      '    function isLambda(arg) {',
      '        return arg && arg._jsonata_lambda === true;',
      '    }',
    ),
    replace: lines(
      '    function isLambda(arg) {',
      '        return !!arg && arg._jsonata_lambda === true && typeof arg.environment === "object" &&',
      '            arg.environment !== null && typeof arg.environment.lookup === "function";',
      '    }',
    ),
  },
  {
    why: 'export the helpers',
    find: lines('        stringToArray,', '        isPromise', '    };'),
    replace: lines(
      '        stringToArray,',
      '        isPromise,',
      '        isNativeFunction,',
      '        hasOwn,',
      '        ownKeys,',
      '        setOwn',
      '    };',
    ),
  },
  {
    why: 'import the helpers into the functions and evaluator modules',
    find: lines('    var isFunction = utils.isFunction;', '    var isLambda = utils.isLambda;'),
    replace: lines(
      '    var isFunction = utils.isFunction;',
      '    var isLambda = utils.isLambda;',
      '    var isNativeFunction = utils.isNativeFunction;',
      '    var hasOwn = utils.hasOwn;',
      '    var ownKeys = utils.ownKeys;',
      '    var setOwn = utils.setOwn;',
    ),
    count: 2,
  },
  {
    why: 'lookups (paths and $lookup) read own members only',
    find: lines(
      "        } else if (input !== null && typeof input === 'object' && !isFunction(input)) {",
      '            result = input[key];',
      '        }',
    ),
    replace: lines(
      "        } else if (input !== null && typeof input === 'object' && !isFunction(input) && hasOwn(input, key)) {",
      '            result = input[key];',
      '        }',
    ),
  },
  {
    why: '$spread: own keys; a built-in function is opaque like a lambda',
    find: lines(
      "        } else if (arg !== null && typeof arg === 'object' && !isLambda(arg)) {",
      '            for (var key in arg) {',
      '                var obj = {};',
      '                obj[key] = arg[key];',
    ),
    replace: lines(
      "        } else if (arg !== null && typeof arg === 'object' && !isFunction(arg)) {",
      '            for (var key of ownKeys(arg)) {',
      '                var obj = {};',
      '                setOwn(obj, key, arg[key]);',
    ),
  },
  {
    why: '$merge: own keys of data objects',
    find: lines(
      '        arg.forEach(function (obj) {',
      '            for (var prop in obj) {',
      '                result[prop] = obj[prop];',
      '            }',
    ),
    replace: lines(
      '        arg.forEach(function (obj) {',
      '            for (var prop of (isFunction(obj) ? [] : ownKeys(obj))) {',
      '                setOwn(result, prop, obj[prop]);',
      '            }',
    ),
  },
  {
    why: '$each: own keys',
    find: lines(
      '        for (var key in obj) {',
      '            var func_args = hofFuncArgs(func, obj[key], key, obj);',
    ),
    replace: lines(
      '        for (var key of ownKeys(obj)) {',
      '            var func_args = hofFuncArgs(func, obj[key], key, obj);',
    ),
  },
  {
    why: '$sift: own keys, own result members',
    find: lines(
      '        for (var item in arg) {',
      '            var entry = arg[item];',
      '            var func_args = hofFuncArgs(func, entry, item, arg);',
      '            // invoke func',
      '            var res = await func.apply(this, func_args);',
      '            if (boolean(res)) {',
      '                result[item] = entry;',
    ),
    replace: lines(
      '        for (var item of ownKeys(arg)) {',
      '            var entry = arg[item];',
      '            var func_args = hofFuncArgs(func, entry, item, arg);',
      '            // invoke func',
      '            var res = await func.apply(this, func_args);',
      '            if (boolean(res)) {',
      '                setOwn(result, item, entry);',
    ),
  },
  {
    why: 'wildcards do not enter function values',
    find: lines(
      "        if (input !== null && typeof input === 'object') {",
      '            Object.keys(input).forEach(function (key) {',
      '                var value = input[key];',
    ),
    replace: lines(
      "        if (input !== null && typeof input === 'object' && !isFunction(input)) {",
      '            Object.keys(input).forEach(function (key) {',
      '                var value = input[key];',
    ),
  },
  {
    why: 'descendants do not enter function values',
    find: lines(
      "        } else if (input !== null && typeof input === 'object') {",
      '            Object.keys(input).forEach(function (key) {',
      '                recurseDescendants(input[key], results);',
    ),
    replace: lines(
      "        } else if (input !== null && typeof input === 'object' && !isFunction(input)) {",
      '            Object.keys(input).forEach(function (key) {',
      '                recurseDescendants(input[key], results);',
    ),
  },
  {
    why: 'object constructors: groups in a prototype-less table, results with own members',
    find: lines('        var result = {};', '        var groups = {};'),
    replace: lines('        var result = {};', '        var groups = Object.create(null);'),
  },
  {
    why: 'object constructors: a key named like an Object.prototype member is an ordinary key',
    find: '                    if (groups.hasOwnProperty(key)) {',
    replace: '                    if (hasOwn(groups, key)) {',
  },
  {
    why: "object constructors: a '__proto__' key becomes an own member",
    find: lines("            if(typeof value !== 'undefined') {", '                result[key] = value;'),
    replace: lines(
      "            if(typeof value !== 'undefined') {",
      '                setOwn(result, key, value);',
    ),
  },
  {
    why: 'a regex literal runs through the evaluation’s regex engine when one is bound',
    find: lines(
      '    function evaluateRegex(expr) {',
      '        var re = new jsonata.RegexEngine(expr.value);',
    ),
    replace: lines(
      '    function evaluateRegex(expr, input, environment) {',
      "        var engine = environment.lookup(Symbol.for('jsonata.__regex_engine'));",
      '        if (engine) {',
      '            return boundedMatcher(engine(expr.value, environment), expr);',
      '        }',
      '        var re = new jsonata.RegexEngine(expr.value);',
    ),
  },
  {
    why: 'the matcher over a bound engine: the same results, each match awaited, each result knowing where the next search starts',
    find: lines('    /**', '     * Prepare a regex'),
    replace: lines(
      "    // Stepthrough: evaluateRegex's matcher over an engine whose `execFrom(text, from)` resolves to",
      '    // { match, nextIndex } or null. It keeps no lastIndex of its own, so concurrent uses of one regex value',
      '    // (parallel object-constructor entries) cannot disturb each other.',
      '    function boundedMatcher(engine, expr) {',
      '        var closure = async function(str, fromIndex) {',
      '            var result;',
      '            var found = await engine.execFrom(str, fromIndex || 0);',
      '            if(found !== null) {',
      '                var match = found.match;',
      '                result = {',
      '                    match: match[0],',
      '                    start: match.index,',
      '                    end: match.index + match[0].length,',
      '                    groups: []',
      '                };',
      '                if(match.length > 1) {',
      '                    for(var i = 1; i < match.length; i++) {',
      '                        result.groups.push(match[i]);',
      '                    }',
      '                }',
      '                result.next = async function() {',
      '                    if(found.nextIndex >= str.length) {',
      '                        return undefined;',
      '                    } else {',
      '                        var next = await closure(str, found.nextIndex);',
      "                        if(next && next.match === '') {",
      '                            // matches zero length string; this will never progress',
      '                            throw {',
      '                                code: "D1004",',
      '                                stack: (new Error()).stack,',
      '                                position: expr.position,',
      '                                value: expr.value.source',
      '                            };',
      '                        }',
      '                        return next;',
      '                    }',
      '                };',
      '            }',
      '',
      '            return result;',
      '        };',
      '        return closure;',
      '    }',
      '',
      '    /**',
      '     * Prepare a regex',
    ),
  },
  {
    why: 'a transform copies with the built-in $clone, whatever $clone is bound to',
    find: lines(
      "            var cloneFunction = environment.lookup('clone');",
      '            if(!isFunction(cloneFunction)) {',
    ),
    replace: lines(
      "            var cloneFunction = staticFrame.lookup('clone');",
      '            if(!isFunction(cloneFunction)) {',
    ),
  },
  {
    why: 'a transform changes only objects inside its own copy, with own members',
    find: lines(
      '            var result = await apply(cloneFunction, [obj], null, environment);',
      '            var matches = await evaluate(expr.pattern, result, environment);',
    ),
    replace: lines(
      '            var result = await apply(cloneFunction, [obj], null, environment);',
      '            var copied = new WeakSet();',
      '            (function collect(value) {',
      "                if (value !== null && typeof value === 'object' && !copied.has(value)) {",
      '                    copied.add(value);',
      '                    ownKeys(value).forEach(function (key) { collect(value[key]); });',
      '                }',
      '            })(result);',
      '            var matches = await evaluate(expr.pattern, result, environment);',
    ),
  },
  {
    why: 'a transform skips matches outside its copy (a variable of the caller) and checks prototypes safely',
    find: lines(
      '                    var match = matches[ii];',
      '                    if (match && (match.isPrototypeOf(result) || match instanceof Object.constructor)) {',
    ),
    replace: lines(
      '                    var match = matches[ii];',
      "                    if (match !== null && typeof match === 'object' && !copied.has(match)) {",
      '                        continue;',
      '                    }',
      '                    if (match && (Object.prototype.isPrototypeOf.call(match, result) || match instanceof Object.constructor)) {',
    ),
  },
  {
    why: 'a transform merges the update’s own members',
    find: lines(
      '                        for(var prop in update) {',
      '                            match[prop] = update[prop];',
    ),
    replace: lines(
      '                        for(var prop of ownKeys(update)) {',
      '                            setOwn(match, prop, update[prop]);',
    ),
  },
  {
    why: 'variables live in a prototype-less frame',
    find: lines(
      '    function createFrame(enclosingEnvironment) {',
      '        var bindings = {};',
      '        const newFrame = {',
      '            bind: function (name, value) {',
      '                bindings[name] = value;',
      '            },',
      '            lookup: function (name) {',
      '                var value;',
      '                if(bindings.hasOwnProperty(name)) {',
    ),
    replace: lines(
      '    function createFrame(enclosingEnvironment) {',
      '        var bindings = Object.create(null);',
      '        const newFrame = {',
      '            bind: function (name, value) {',
      '                bindings[name] = value;',
      '            },',
      '            lookup: function (name) {',
      '                var value;',
      '                if(hasOwn(bindings, name)) {',
    ),
  },
  {
    why: 'calling a value that is not a function does not write jsonata’s error details into it (the data)',
    find: lines("            if(typeof proc === 'object') {", '                proc.token = procName;'),
    replace: lines(
      "            if(typeof proc === 'object' && isFunction(proc)) {",
      '                proc.token = procName;',
    ),
  },
  {
    why: 'built-in function calls recognise only real wrappers',
    find: '            } else if (proc && proc._jsonata_function === true) {',
    replace: '            } else if (isNativeFunction(proc)) {',
  },
  {
    why: 'partial application recognises only real wrappers',
    find: '        } else if (proc && proc._jsonata_function === true) {',
    replace: '        } else if (isNativeFunction(proc)) {',
  },
  {
    why: 'datetime: user data is matched through the evaluation’s regex engine',
    find: lines(
      '    // Regular expression to match an ISO 8601 formatted timestamp',
      '    var iso8601regex = ',
    ),
    replace: lines(
      '    // Stepthrough: `regex` (no `g` flag) applied to `text` by the evaluation’s regex engine when one is',
      '    // bound (the focus is the `this` of a built-in function); resolves to the match or null.',
      '    async function boundedExec(focus, regex, text) {',
      "        var engine = focus && focus.environment ? focus.environment.lookup(Symbol.for('jsonata.__regex_engine')) : undefined;",
      '        if (!engine) {',
      '            return regex.exec(text);',
      '        }',
      '        var found = await engine(regex, focus.environment).execFrom(text, 0);',
      '        return found === null ? null : found.match;',
      '    }',
      '',
      '    // Regular expression to match an ISO 8601 formatted timestamp',
      '    var iso8601regex = ',
    ),
  },
  {
    why: '$toMillis: the picture’s regex is bounded (so parseDateTime awaits it)',
    find: lines(
      '    function parseDateTime(timestamp, picture) {',
      '        const formatSpec = analyseDateTimePicture(picture);',
      '        const matchSpec = generateRegex(formatSpec);',
      "        const fullRegex = '^' + matchSpec.parts.map(part => '(' + part.regex + ')').join('') + '$';",
      '',
      "        const matcher = new RegExp(fullRegex, 'i'); // TODO can cache this against the picture",
      '        var info = matcher.exec(timestamp);',
    ),
    replace: lines(
      '    async function parseDateTime(timestamp, picture) {',
      '        const formatSpec = analyseDateTimePicture(picture);',
      '        const matchSpec = generateRegex(formatSpec);',
      "        const fullRegex = '^' + matchSpec.parts.map(part => '(' + part.regex + ')').join('') + '$';",
      '',
      "        const matcher = new RegExp(fullRegex, 'i');",
      '        var info = await boundedExec(this, matcher, timestamp);',
    ),
  },
  {
    why: '$toMillis: the ISO-8601 check is bounded beyond 64 characters (the pattern is quadratic; below that it is instant)',
    find: lines('    function toMillis(timestamp, picture) {'),
    replace: lines('    async function toMillis(timestamp, picture) {'),
  },
  {
    why: '$toMillis: the ISO-8601 check',
    find: '            if (!iso8601regex.test(timestamp)) {',
    replace: lines(
      '            var iso = timestamp.length <= 64 ? iso8601regex.exec(timestamp) : await boundedExec(this, iso8601regex, timestamp);',
      '            if (iso === null) {',
    ),
  },
  {
    why: 'the evaluation timestamp ($toMillis fills a picture’s missing date parts from it) is the caller’s clock when its evaluation context carries one (the execution’s virtual clock), as $now() reads it',
    find: lines('                timestamp = new Date();', '                exec_env.timestamp = timestamp;'),
    replace: lines(
      "                var stepthroughContext = typeof bindings !== 'undefined' ? bindings[' stepthrough evaluation'] : undefined;",
      "                timestamp = stepthroughContext && typeof stepthroughContext.nowMillis === 'number' ? new Date(stepthroughContext.nowMillis) : new Date();",
      '                exec_env.timestamp = timestamp;',
    ),
  },
];

/** The header written at the top of the vendored file. */
export const VENDORED_HEADER = lines(
  '// jsonata 2.0.6 (https://github.com/jsonata-js/jsonata, MIT licence, © IBM Corp.) with the patches listed',
  '// in ./patches.ts. Generated by scripts/vendor-jsonata.ts from node_modules/jsonata/jsonata.js: do not edit.',
  '',
);

/** Applies every patch to the published file's text; throws when a patch does not match as expected. */
export function applyJsonataPatches(published: string): string {
  let text = published;
  for (const patch of JSONATA_PATCHES) {
    const found = text.split(patch.find).length - 1;
    const expected = patch.count ?? 1;
    if (found !== expected) {
      throw new Error(`jsonata patch "${patch.why}": expected ${expected} match(es), found ${found}`);
    }
    text = text.split(patch.find).join(patch.replace);
  }
  return VENDORED_HEADER + text;
}
