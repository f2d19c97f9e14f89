import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planChange, publicUser } from './user-admin.js';
import type { Role, User } from '../../store/users.js';

const user = (username: string, role: Role, disabled = false): User =>
  ({ username, role, disabled, passwordHash: 'scrypt$secret', createdAt: new Date(0) });

const reason = (r: ReturnType<typeof planChange>): string => (r.ok ? 'ok' : `${r.reason}: ${r.detail}`);

describe('planChange', () => {
  const root = user('root', 'admin');
  const ann = user('ann', 'admin');
  const viewer = user('vic', 'viewer');
  const offAdmin = user('old', 'admin', true);

  test('the last enabled admin cannot be demoted, disabled or deleted', () => {
    const all = [root, viewer, offAdmin];
    assert.equal(reason(planChange(root, { role: 'viewer' }, all)), 'last-admin: cannot demote root: it is the last enabled admin');
    assert.equal(reason(planChange(root, { disabled: true }, all)), 'last-admin: cannot disable root: it is the last enabled admin');
    assert.equal(reason(planChange(root, 'delete', all)), 'last-admin: cannot delete root: it is the last enabled admin');
  });

  test('with a second enabled admin, each may go', () => {
    const all = [root, ann, viewer];
    assert.deepEqual(planChange(root, { role: 'viewer' }, all), { ok: true, value: { role: 'viewer', disabled: false } });
    assert.deepEqual(planChange(root, { disabled: true }, all), { ok: true, value: { role: 'admin', disabled: true } });
    assert.equal(planChange(root, 'delete', all).ok, true);
  });

  test('the last admin may still change its password or be "changed" to what it is', () => {
    const all = [root, viewer];
    assert.equal(planChange(root, { password: 'a new long password' }, all).ok, true);
    assert.equal(planChange(root, { role: 'admin', disabled: false }, all).ok, true);
  });

  test('viewers and disabled admins are never the last admin', () => {
    const all = [root, viewer, offAdmin];
    assert.equal(planChange(viewer, 'delete', all).ok, true);
    assert.equal(planChange(offAdmin, 'delete', all).ok, true);
    assert.deepEqual(planChange(offAdmin, { disabled: false }, [offAdmin]), { ok: true, value: { role: 'admin', disabled: false } }, 'enabling is always fine');
  });

  test('bad values are refused naming the field', () => {
    const all = [root, viewer];
    assert.match(reason(planChange(viewer, { role: 'root' }, all)), /^invalid: role must be one of/);
    assert.match(reason(planChange(viewer, { disabled: 'yes' }, all)), /^invalid: disabled must be true or false/);
    assert.match(reason(planChange(viewer, { password: 'short' }, all)), /^invalid: password must be at least 8/);
    assert.match(reason(planChange(viewer, {}, all)), /^invalid: nothing to change/);
  });
});

describe('publicUser', () => {
  test('never carries the hash', () => {
    const p = publicUser(user('ann', 'viewer'));
    assert.deepEqual(Object.keys(p).sort(), ['createdAt', 'disabled', 'role', 'username']);
    assert.ok(!JSON.stringify(p).includes('scrypt'));
  });
});
