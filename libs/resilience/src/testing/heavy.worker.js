// Worker module used by the worker-pool bulkhead tests (plain JS: worker threads load it as is).
'use strict';

/** Deterministic CPU work. */
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/** Keeps allocating until the worker's heap cap kills it. */
function hog() {
  const keep = [];
  for (;;) keep.push(new Array(100_000).fill(Math.random()));
}

/** Holds the worker's thread for `ms` without burning CPU (a stand-in for a long task). */
function block(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return ms;
}

function crash() {
  process.exit(3);
}

module.exports = { fib, hog, block, crash };
