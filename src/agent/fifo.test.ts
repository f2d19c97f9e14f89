// Fifo behaves like an array that drops its oldest entry beyond the capacity (model check).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Fifo } from './fifo.js';

test('Fifo matches a bounded array model under any push/shift sequence', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.oneof(fc.nat(), fc.constant(-1)), { maxLength: 100 }), (cap, ops) => {
      const f = new Fifo<number>(cap);
      const model: number[] = [];
      for (const op of ops) {
        if (op < 0) {
          assert.equal(f.shift(), model.shift());
        } else {
          model.push(op);
          assert.equal(f.push(op), model.length > cap ? model.shift() : undefined);
        }
        assert.equal(f.length, model.length);
        assert.equal(f.peek(), model[0]);
      }
      assert.deepEqual(f.drain(), model);
      assert.equal(f.length, 0);
    }),
  );
});
