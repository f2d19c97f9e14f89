// Administration in a real browser: an admin adds a user, changes the role, disables the
// account (its login then fails), re-enables it, resets the password, and finally deletes
// it; a viewer sees no admin controls; a shared link survives the login in between.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, startStack, type Stack } from './support/stack.js';
import { launch, logIn, type Browser } from './support/browser.js';

describe('users and roles in Chromium', () => {
  let stack: Stack;
  let b: Browser;
  const shots: string[] = [];
  const page = () => b.page;
  const row = () => page().locator('tr[data-user="vera"]');
  const note = () => page().locator('.note');

  async function logOut(): Promise<void> {
    // The next step may navigate the page: let the logout request end first, or the
    // browser aborts it and reports a failed request (seen once in a clean-clone run).
    const done = page().waitForEvent('requestfinished', (r) => r.url().endsWith('/api/v1/auth/logout'));
    await page().getByRole('button', { name: 'Log out' }).click();
    await page().waitForURL(/\/login$/);
    await done;
  }

  before(async () => {
    b = await launch();
    stack = await startStack('uiadm');
  });
  after(async () => {
    /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: what it would have opened may be unset */
    await b?.close();
    await stack?.close();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
    if (shots.length) process.stdout.write(`# screenshots:\n${shots.map((s) => `#   ${s}`).join('\n')}\n`);
  });

  test('a wrong password is refused with a plain message', async () => {
    await page().goto(`${stack.base}/login`);
    await page().getByLabel('User name').fill('admin');
    await page().getByLabel('Password').fill('not-the-password');
    await b.expecting(/status of 401/, async () => {
      await page().getByLabel('Password').press('Enter');
      await page().getByRole('alert').waitFor();
    });
    assert.equal(await page().getByRole('alert').innerText(), 'Wrong user name or password (or the account is disabled).');
    assert.match(page().url(), /\/login$/);
  });

  test('admin adds a viewer, changes the role and back', async () => {
    await logIn(page(), stack.base, ADMIN.username, ADMIN.password);
    await page().getByRole('link', { name: 'Users' }).click();
    await page().getByRole('heading', { name: 'Users' }).waitFor();
    await page().getByLabel('User name').fill('vera');
    await page().getByLabel('Password (8 characters or more)').fill('viewer-pass-1');
    await page().getByLabel('Role', { exact: true }).selectOption('viewer');
    await page().getByRole('button', { name: 'Add user' }).click();
    await row().waitFor();
    assert.equal(await note().innerText(), 'Added vera (viewer).');
    await row().getByLabel('role of vera').selectOption('admin');
    await page().getByText('vera is now admin.').waitFor();
    assert.equal(await row().getByLabel('role of vera').inputValue(), 'admin');
    await page().locator('tr[data-user="vera"]').getByLabel('role of vera').selectOption('viewer');
    await page().getByText('vera is now viewer.').waitFor();
  });

  test('a disabled user cannot log in; enabled again with a new password, she can', async () => {
    await row().getByRole('button', { name: 'Disable' }).click();
    await page().getByText('vera disabled.').waitFor();
    // The note comes with the answer; the list is read again after it (flaky when read at once).
    await page().locator('tr[data-user="vera"].disabled').waitFor();
    assert.match(await row().innerText(), /disabled/);
    shots.push(await b.shot('14-users'));
    await logOut();
    await page().getByLabel('User name').fill('vera');
    await page().getByLabel('Password').fill('viewer-pass-1');
    await b.expecting(/status of 401/, async () => {
      await page().getByRole('button', { name: 'Log in' }).click();
      await page().getByRole('alert').waitFor();
    });

    await logIn(page(), stack.base, ADMIN.username, ADMIN.password);
    await page().goto(`${stack.base}/admin/users`);
    await row().getByRole('button', { name: 'Enable' }).click();
    await page().getByText('vera enabled.').waitFor();
    // Typed into the row before the list is read again, the password went with the old row (a 400 for an empty one).
    await page().locator('tr[data-user="vera"]:not(.disabled)').waitFor();
    await row().getByLabel('new password for vera').fill('fresh-pass-22');
    await row().getByRole('button', { name: 'Reset password' }).click();
    await page().getByText('Password of vera changed.').waitFor();
    await logOut();
    await logIn(page(), stack.base, 'vera', 'fresh-pass-22');
    assert.match(await page().locator('header .who').innerText(), /vera · viewer/);
  });

  test('a viewer sees no admin controls', async () => {
    assert.equal(await page().getByRole('link', { name: 'Users' }).count(), 0);
    await page().goto(`${stack.base}/admin/users`);
    assert.equal(await page().getByRole('alert').innerText(), 'Only administrators manage users.');
    await page().goto(`${stack.base}/admin/aliases`);
    await page().getByText('No aliases yet').waitFor();
    assert.equal(await page().getByRole('button', { name: 'Save alias' }).count(), 0);
  });

  test('a shared search link survives the login it needs', async () => {
    await logOut();
    const link = `/search?date=2025-11-23&from=10:00&to=11:00&toUser=0211*&op=or&adv=1&srcIp=10.0.0.1`;
    await page().goto(stack.base + link);
    await page().waitForURL(/\/login\?next=/);
    await page().getByLabel('User name').fill('admin');
    await page().getByLabel('Password').fill(ADMIN.password);
    await page().getByRole('button', { name: 'Log in' }).click();
    await page().waitForURL((u) => u.pathname === '/search' && u.searchParams.get('srcIp') === '10.0.0.1');
    assert.equal(await page().getByLabel('B-number (To user)').inputValue(), '0211*');
    assert.equal(await page().getByLabel('Source IP').inputValue(), '10.0.0.1');
    assert.equal(await page().getByLabel('OR (any matches)').isChecked(), true);
    assert.equal(await page().getByRole('button', { name: 'Hide advanced search' }).getAttribute('aria-expanded'), 'true');
    await page().getByRole('heading', { name: 'No messages found' }).waitFor();
    assert.match(await page().locator('.empty').innerText(), /Nothing matched between 2025-11-23 10:00:00\.000000 UTC\+01:00 and 2025-11-23 11:00:59\.999000 UTC\+01:00 at any location/);
    shots.push(await b.shot('15-advanced-search-empty', { fullPage: true }));
  });

  test('a search the server refuses says why', async () => {
    await b.expecting(/status of 400/, async () => {
      await page().goto(`${stack.base}/search?date=2025-11-01&until=2025-12-20&from=00:00&to=23:59`);
      await page().getByRole('alert').waitFor();
    });
    assert.match(await page().getByRole('alert').innerText(), /^The server refused this search: to: the range from\.\.to is longer than 31 days/);
  });

  test('admin deletes the user, with a second click to confirm', async () => {
    await page().goto(`${stack.base}/admin/users`);
    await row().getByRole('button', { name: 'Delete' }).click();
    await row().getByRole('button', { name: 'Really delete vera?' }).click();
    await page().getByText('Deleted vera.').waitFor();
    // The list is read again after the note appears: wait for the row to go.
    await row().waitFor({ state: 'detached' });
    assert.equal(await row().count(), 0);
  });

  test('no console errors (beyond the expected 401s), exceptions or dialogs', () => {
    assert.deepEqual(b.trouble, []);
  });
});
