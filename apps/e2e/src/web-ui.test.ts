// The dashboard end to end in a real headless browser (Debian's chromium driven by
// playwright-core) against the real stack: sign in, check, upload, submit, watch, compare.
// Screenshots go to test-output/web-ui/ at the repository root (gitignored), each page at
// a phone's 390 px and a desktop's 1280 px, where the page must not scroll sideways.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { chromium } from 'playwright-core';
import { makeClip } from '@remaster/testing';
import type { JobBody, Stack } from './stack.js';
import { startStack } from './stack.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/web-ui/', import.meta.url));
const OTHER_KEY = 'other-tenant-key';
/** A phone (an iPhone 12–15 is 390 CSS px wide) and a desktop. */
const WIDTHS = [390, 1280] as const;

/**
 * Without chromium the test fails where the project's setup could have installed it
 * (root, or CI); a developer without root gets a skip that says what to install.
 */
function missingBrowser(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const message = `${CHROMIUM} is missing: install it with "apt-get install chromium" (npm test does this as root)`;
  if (process.getuid?.() === 0 || process.env.CI) assert.fail(message);
  return message;
}

describe('web dashboard in a browser', { skip: missingBrowser() }, () => {
  /** A long job canceled from its page, then the three jobs in pages of one, newest first. */
  async function cancelAndPage(completedId: string): Promise<void> {
    const long = join(stack.dir, 'long.mp4');
    await makeClip({ path: long, width: 64, height: 48, fps: 25, frames: 400 });
    await stack.s3.store.putFile('inputs/long.mp4', long);
    const job = await stack.submit({
      input: { url: 's3://remaster/inputs/long.mp4' },
      interpolate: { factor: 2 },
      chunk: { frames: 10 },
    });
    await page.goto(`${stack.url}/ui/#/jobs/${job.id}`);
    const cancel = page.getByRole('button', { name: 'Cancel job' });
    await cancel.waitFor();
    // A secondary, red-outlined action, not the filled primary button.
    assert.equal(
      await page.evaluate("getComputedStyle(document.querySelector('#cancel')).backgroundColor"),
      'rgb(255, 255, 255)',
    );
    // It asks first: dismissed, nothing happens; accepted, the job is canceled.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await cancel.click();
    assert.match(asked[0] ?? '', new RegExp(`^Cancel job ${job.id}\\?`));
    assert.notEqual((await getJob(job.id)).status, 'canceled');
    page.once('dialog', (dialog) => void dialog.accept());
    await cancel.click();
    await page.locator('[data-status=canceled]').first().waitFor();
    await page.goto(`${stack.url}/ui/#/jobs?limit=1`);
    const shown = () => page.locator('tbody tr').getAttribute('data-job');
    await page.locator(`tr[data-job="${job.id}"]`).waitFor();
    const older = page.getByRole('button', { name: 'Older →' });
    const newer = page.getByRole('button', { name: '← Newer' });
    assert.equal(await newer.isDisabled(), true);
    await older.click();
    await page.locator(`tr[data-job="${completedId}"]`).waitFor();
    await older.click();
    await page.locator('tbody tr [data-status=failed]').waitFor();
    // A full last page still has a cursor; the page after it is empty and ends the list.
    await older.click();
    await page.getByText('No older jobs.').waitFor();
    assert.equal(await older.isDisabled(), true, 'past the last page');
    await newer.click();
    await page.locator('tbody tr [data-status=failed]').waitFor();
    await newer.click();
    await page.locator(`tr[data-job="${completedId}"]`).waitFor();
    assert.equal(await shown(), completedId);
    // The status filter keeps only canceled jobs.
    await page.getByLabel('Status').selectOption('canceled');
    await page.locator(`tr[data-job="${job.id}"]`).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1);
  }

  let stack: Stack;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  let clip: string;

  before(async () => {
    stack = await startStack({ API_KEYS: `e2e:stack-key,other:${OTHER_KEY}` });
    clip = join(stack.dir, 'clip.mp4');
    await makeClip({ path: clip, width: 96, height: 64, fps: 25, frames: 50 });
    await mkdir(SCREENSHOTS, { recursive: true });
    profile = await mkdtemp(join(tmpdir(), 'remaster-chromium-'));
    // A fresh profile (user-data-dir) per run: no state from an earlier one.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [
        ...['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
        ...['--disable-background-networking', '--disable-component-update', '--disable-sync'],
      ],
      viewport: { width: 1280, height: 900 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  const shot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  type SubmittedJob = JobBody & { interpolate?: { dedupe?: boolean } };

  /** The job as the API answers it to the stack's key. */
  async function getJob(id: string): Promise<SubmittedJob> {
    const response = await fetch(`${stack.url}/v1/jobs/${id}`, {
      headers: { authorization: `Bearer ${stack.apiKey}` },
    });
    assert.equal(response.status, 200);
    return (await response.json()) as SubmittedJob;
  }

  /**
   * The page at each width: nothing wider than the window (no sideways scrolling), every
   * form control as wide as its field; a full-page screenshot `<name>-<width>.png`.
   */
  async function checkLayout(name: string): Promise<void> {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const sizes = await page.evaluate<{ scroll: number; inner: number; narrow: string[] }>(`({
        scroll: document.scrollingElement.scrollWidth,
        inner: window.innerWidth,
        narrow: [...document.querySelectorAll('.field > input:not([type=file]), .field > select')]
          .filter((c) => c.offsetParent && c.offsetWidth < c.parentElement.clientWidth - 1)
          .map((c) => c.id),
      })`);
      assert.ok(sizes.scroll <= sizes.inner, `${name}: ${sizes.scroll} px wide at ${width} px`);
      assert.deepEqual(
        sizes.narrow,
        [],
        `${name} at ${width} px: controls narrower than their field`,
      );
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  test('no key: a prompt; a wrong key: the API refusal; the right key: the job list', async () => {
    await page.goto(`${stack.url}/ui/`);
    await page.getByRole('heading', { name: 'Sign in with an API key' }).waitFor();
    await checkLayout('01-sign-in');
    await page.getByLabel('API key').fill('not-a-key');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'the API key is not valid' }).waitFor();
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.getByText('No jobs here yet.').waitFor();
  });

  test('the API checks the settings before any upload, and says which models a job gets', async () => {
    const calls: string[] = [];
    const record = (request: Request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/v1/')) calls.push(`${request.method()} ${pathname}`);
    };
    page.on('request', record);
    await page.goto(`${stack.url}/ui/#/new`);
    await page.getByLabel('Upload a file').check();
    await page.getByLabel('File', { exact: true }).setInputFiles(clip);
    await page.getByText('Advanced options').click();
    await page.getByLabel('CRF').fill('60');
    await page.getByRole('button', { name: 'Submit job' }).click();
    const alert = page.locator('#submit-status [role=alert]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /crf for h264 and hevc is 0–51/);
    await checkLayout('02-refused');
    // Fixed, the check passes and names the model each operation would run.
    await page.getByLabel('CRF').fill('');
    await page.getByLabel('Upscale', { exact: true }).check();
    await page.getByRole('button', { name: 'Check settings' }).click();
    const result = await page.locator('#check-result').innerText();
    assert.match(
      result,
      /^Settings OK\. Models: interpolation [a-z0-9.-]+ \(built-in default\), super-resolution bicubic-x2 \(built-in default\)\.$/,
    );
    page.off('request', record);
    const posts = calls.filter((call) => call.startsWith('POST'));
    assert.deepEqual(posts, ['POST /v1/jobs/check', 'POST /v1/jobs/check'], 'no upload, no job');
  });

  test("a failed job shows its error code and the API's message", async () => {
    await stack.s3.store.putBytes(
      'inputs/not-a-video.mp4',
      Buffer.from('not a video\n'.repeat(40)),
    );
    await page.goto(`${stack.url}/ui/#/jobs`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'New job' })
      .click();
    await page.getByLabel('Paste a URL').check();
    await page.getByLabel('URL', { exact: true }).fill('s3://remaster/inputs/not-a-video.mp4');
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page.locator('[data-status=failed]').first().waitFor({ timeout: 60_000 });
    assert.match(await page.locator('#job-error').innerText(), /^INPUT_UNREADABLE /);
    assert.equal(await page.locator('#cancel').isHidden(), true, 'no cancel button once it ended');
    await checkLayout('05-failed');
    // The list names the file, not its key, and says why the job failed.
    await page.goto(`${stack.url}/ui/#/jobs`);
    const row = page.locator('tbody tr', { has: page.locator('[data-status=failed]') });
    await row.waitFor();
    assert.equal(await row.locator('td.file').innerText(), 'not-a-video.mp4');
    const reason = row.locator('.reason');
    const { code, message } = (await getJob((await row.getAttribute('data-job'))!)).error!;
    assert.equal(await reason.getAttribute('title'), `${code}: ${message}`);
    assert.match(await reason.innerText(), /^INPUT_UNREADABLE: \S/);
    assert.ok((await reason.innerText()).length <= 90);
  });

  test('upload, submit, watch progress to completed, then report and before/after', async () => {
    await page.goto(`${stack.url}/ui/#/jobs`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'New job' })
      .click();
    // Models come from GET /v1/models, labelled with kind and scale.
    await page
      .locator('#upscale-model option', { hasText: 'super-resolution ×2' })
      .first()
      .waitFor({ state: 'attached' });
    await page.getByLabel('Upload a file').check();
    await page.getByLabel('File', { exact: true }).setInputFiles(clip);
    await page.getByLabel('Rate or factor').fill('60');
    await page.getByLabel('Treat repeated frames as missing').check();
    await page.getByLabel('Upscale', { exact: true }).check();
    await page.getByText('Advanced options').click();
    await page.getByLabel('Chunk size (source frames)').fill('10');
    await checkLayout('02-new-job');
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page.waitForURL(/#\/jobs\/job_[0-9a-z]+$/);
    const id = decodeURIComponent(page.url().split('/').pop()!);
    // The repeated-frames option reached the job.
    assert.equal((await getJob(id)).interpolate?.dedupe, true);
    // Record every percentage the page shows while the job runs.
    // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
    await page.evaluate(`
      window.seen = [];
      const read = () => {
        const value = document.querySelector('#job-progress')?.value;
        if (value !== undefined && window.seen.at(-1) !== value) window.seen.push(value);
      };
      read();
      new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true });
    `);
    await page.locator('.timeline .chunk').first().waitFor();
    // The legend names each colour of the timeline.
    assert.deepEqual(
      (await page.locator('.legend li').allInnerTexts()).map((text) => text.split(' (')[0]),
      ['pending', 'rendering', 'done'],
    );
    await shot('03-progress');
    await page.locator('[data-status=completed]').first().waitFor({ timeout: 240_000 });
    const seen = await page.evaluate<number[]>('window.seen');
    assert.ok(seen.length >= 2, `progress shown: ${seen.join(', ')}`);
    assert.ok(seen[0]! < 100 && seen.at(-1) === 100, `progress shown: ${seen.join(', ')}`);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      seen,
      'progress only moves forward',
    );
    assert.equal(await page.locator('.chunk-done').count(), 5);

    const download = await page.getByRole('link', { name: /Download mp4/ }).getAttribute('href');
    assert.equal((await fetch(download!)).status, 200);
    const report = page.locator('#report');
    await report.getByText('Frames interpolated').waitFor();
    const models = await page.locator('#report-models tbody tr').allInnerTexts();
    assert.ok(
      models.some((row) => /interpolation\s+cpu/.test(row)),
      models.join(' | '),
    );
    assert.ok(
      models.some((row) => /super-resolution\s+cpu/.test(row)),
      models.join(' | '),
    );

    // Before/after: the interpolated still is shown first; both images load.
    const caption = page.locator('#still-caption');
    await caption.getByText(/interpolated between source frames \d+ and \d+ at timestep/).waitFor();
    for (const selector of ['.slider img.before', '.slider img.after']) {
      const loaded = page.locator(selector);
      await loaded.waitFor();
      await page.waitForFunction(`document.querySelector('${selector}')?.naturalWidth > 0`);
    }
    // The output still is the upscaled frame (×2), the source one the original size.
    assert.equal(
      await page.evaluate("document.querySelector('.slider img.after').naturalWidth"),
      192,
    );
    assert.equal(
      await page.evaluate("document.querySelector('.slider img.before').naturalWidth"),
      96,
    );
    // The slider is a range input: the keyboard moves the divider.
    const range = page.getByLabel(/divider/);
    await range.focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await range.inputValue(), '49');
    await range.blur();
    // Both players load their video (the presigned source and the output).
    await page.waitForFunction(
      "[...document.querySelectorAll('.players video')].every((v) => v.readyState >= 1)",
    );
    await page.locator('#compare').scrollIntoViewIfNeeded();
    await shot('04-completed');
    assert.match(await page.locator('.legend [data-legend=done]').innerText(), /^done \(5\)$/);
    await checkLayout('04-completed');

    // The list shows the job by its file name; another tenant cannot see it.
    await page.goto(`${stack.url}/ui/#/jobs`);
    await page.locator(`tr[data-job="${id}"] [data-status=completed]`).waitFor();
    assert.equal(await page.locator(`tr[data-job="${id}"] td.file`).innerText(), 'clip.mp4');
    await checkLayout('06-jobs');
    await cancelAndPage(id);
    await page.getByRole('button', { name: 'Forget key' }).click();
    await page.getByLabel('API key').fill(OTHER_KEY);
    await page.keyboard.press('Enter');
    await page.getByText('No jobs here yet.').waitFor();
    await page.goto(`${stack.url}/ui/#/jobs/${id}`);
    // The page asked the API with the other key: 404, shown as not found.
    await page.getByRole('heading', { name: 'Job not found' }).waitFor();
  });

  test('restoration controls: the schema defaults, the API refusing nothing to do, a Preview of a span', async () => {
    await stack.s3.store.putFile('inputs/restore.mp4', clip);
    await page.goto(`${stack.url}/ui/`);
    await page.evaluate(
      `sessionStorage.setItem('remaster.apiKey', ${JSON.stringify(stack.apiKey)})`,
    );
    await page.goto(`${stack.url}/ui/#/new`);
    await page.getByLabel('Deinterlace').waitFor();
    const modes = ['#deinterlace', '#ivtc', '#deflicker', '#denoise', '#deblock'];
    assert.deepEqual(
      await Promise.all(modes.map((id) => page.locator(id).inputValue())),
      ['auto', 'auto', 'off', 'off', 'off'],
      "the schema's defaults",
    );
    assert.equal(await page.locator('#deflicker-strength').isVisible(), false);
    await page.getByLabel('Paste a URL').check();
    await page.getByLabel('URL', { exact: true }).fill('s3://remaster/inputs/restore.mp4');
    await page.getByLabel('Interpolate frames').uncheck();
    // The auto detections alone ask for nothing: the API says so in its own words.
    await page.getByRole('button', { name: 'Check settings' }).click();
    const alert = page.locator('#submit-status [role=alert]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /^NOTHING_TO_DO: /);
    await page.getByLabel('Deinterlace').selectOption('field');
    await page.getByLabel('Deflicker', { exact: true }).selectOption('strength');
    await page.getByLabel('Deflicker strength').fill('0.6');
    await page.getByLabel('Denoise', { exact: true }).selectOption('sigma');
    await page.getByLabel('Noise σ').fill('12');
    await page.getByLabel('Deblock', { exact: true }).selectOption('on');
    assert.deepEqual(
      [
        await page.getByLabel('Preview from (s)').inputValue(),
        await page.getByLabel('Preview length (s)').inputValue(),
      ],
      ['0', '5'],
    );
    await page.getByLabel('Preview length (s)').fill('1');
    await checkLayout('07-restoration-form');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.waitForURL(/#\/jobs\/job_[0-9a-z]+$/);
    await page
      .locator('#preview-notice')
      .getByText(/^Preview of 0\.0–1\.0 s/)
      .waitFor();
    const id = decodeURIComponent(page.url().split('/').pop()!);
    const job = (await getJob(id)) as SubmittedJob & {
      restore?: unknown;
      preview?: { start: number; seconds: number };
    };
    assert.deepEqual(job.restore, {
      ...{ deinterlace: 'field', ivtc: 'auto', deflicker: { strength: 0.6 } },
      ...{ denoise: { strength: 12 }, deblock: {} },
    });
    assert.deepEqual([job.preview?.start, job.preview?.seconds], [0, 1], 'a preview of 0–1 s');
    assert.match(await page.locator('#restore-settings').innerText(), /deinterlace field/);
    await checkLayout('08-restoration-preview');
  });
});
