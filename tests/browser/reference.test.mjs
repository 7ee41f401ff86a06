// The status-code reference in a real headless Chromium.
//
//   node tests/browser/reference.test.mjs BASE_URL ARTIFACTS_DIR
//
// Loads the index, filters it for "teapot", opens 418, switches to
// Traditional Chinese, opens 404 with Accept-Language: zh-CN, and presses
// "try it" on 503.  Every step saves a screenshot into ARTIFACTS_DIR.  Any
// console error, page error, failed request or failed check ends the run
// with exit status 1 and a message saying which.
//
// The browser is Debian's chromium (CHROMIUM overrides the path), driven by
// playwright-core without its bundled browsers.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const [base, artifacts] = process.argv.slice(2);
if (!base || !artifacts) {
  console.error('usage: node reference.test.mjs BASE_URL ARTIFACTS_DIR');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_TIMEOUT_MS = 5000;

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (err) {
  console.error('playwright-core is not installed: run ' +
                '`npm ci --prefix tests/browser` first (' + err.message + ')');
  process.exit(1);
}

mkdirSync(artifacts, { recursive: true });

const problems = []; // console errors, page errors, failed requests
let stepNo = 0;

function fail(msg) {
  throw new Error(msg);
}

function check(cond, msg) {
  if (!cond)
    fail(msg);
}

// The reference's own JSON says what each page must show.
async function entry(code) {
  const r = await fetch(`${base}/codes/${code}.json`);
  check(r.ok, `/codes/${code}.json answered ${r.status}`);
  return r.json();
}

// A text in a language, or the English one while the translation is
// empty (the page shows that one then, marked lang="en").
function words(e, lang, field) {
  return e.texts[lang][field] || e.texts.en[field] || '';
}

function watch(page, label) {
  page.on('console', (msg) => {
    if (msg.type() === 'error')
      problems.push(`${label}: console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${label}: page error: ${err.message}`));
  page.on('requestfailed', (req) =>
    problems.push(`${label}: request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
}

async function shot(page, name) {
  stepNo += 1;
  const file = join(artifacts, `${String(stepNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.lang);
}

async function run(browser) {
  const teapot = await entry(418);
  const notFound = await entry(404);

  // 1. The index, in English by the browser's own Accept-Language.
  const en = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 800 } });
  const page = await en.newPage();
  watch(page, 'en');
  let resp = await page.goto(`${base}/codes`);
  check(resp.status() === 200, `/codes answered ${resp.status()}`);
  check(resp.headers()['content-language'] === 'en',
        `/codes for en-US has Content-Language ${resp.headers()['content-language']}`);
  check(await htmlLang(page) === 'en', 'the index is not <html lang="en">');
  const all = await page.locator('li[data-search]').count();
  check(all >= 60, `the index lists ${all} codes`);
  await shot(page, 'index');

  // 2. The filter: "teapot" leaves 418 alone.
  const filter = page.locator('#filter');
  check(await filter.isVisible(), 'the filter box is not visible');
  await filter.fill('teapot');
  const shown = page.locator('li[data-search]:visible');
  await page.waitForFunction(
    () => document.querySelectorAll('li[data-search]:not([hidden])').length === 1);
  check(await shown.count() === 1, `filtering for "teapot" shows ${await shown.count()} codes`);
  const only = await shown.first().innerText();
  check(only.includes('418'), `filtering for "teapot" shows "${only}", not 418`);
  check(await page.locator('section.class:visible').count() === 1,
        'classes without a match stay visible');
  await shot(page, 'filter-teapot');

  // 3. Open 418 from the filtered list.
  await Promise.all([page.waitForURL(/\/codes\/418\.en$/), shown.first().locator('a').click()]);
  const h1 = await page.locator('h1').innerText();
  check(h1.includes('418') && h1.includes(teapot.texts.en.name || teapot.reason),
        `the 418 page's heading is "${h1}"`);
  await shot(page, '418-en');

  // 4. Switch to Traditional Chinese with the language switch.
  const zhTW = page.locator('nav.langs a[hreflang="zh-TW"]');
  check(await zhTW.innerText() === '繁體中文', 'the switch does not name 繁體中文');
  check(await zhTW.getAttribute('lang') === 'zh-TW', 'the 繁體中文 link has no lang="zh-TW"');
  await Promise.all([page.waitForURL(/\/codes\/418\.zh-TW$/), zhTW.click()]);
  check(await htmlLang(page) === 'zh-TW', `418.zh-TW is <html lang="${await htmlLang(page)}">`);
  const tw = await page.locator('main').innerText();
  for (const want of ['類別', '定義於', words(teapot, 'zh-TW', 'name')])
    check(tw.includes(want), `the zh-TW page of 418 does not show "${want}"`);
  check(await page.locator('nav.langs a[aria-current]').innerText() === '繁體中文',
        'the switch does not mark 繁體中文 as current');
  await shot(page, '418-zh-TW');

  // 5. 404 for a reader whose browser asks for Simplified Chinese.
  const cn = await browser.newContext({
    locale: 'zh-CN',
    extraHTTPHeaders: { 'Accept-Language': 'zh-CN' },
    viewport: { width: 390, height: 844 }, // a phone
  });
  const p2 = await cn.newPage();
  watch(p2, 'zh-CN');
  resp = await p2.goto(`${base}/codes/404`);
  check(resp.status() === 200, `/codes/404 answered ${resp.status()}`);
  const hd = resp.headers();
  check(hd['content-language'] === 'zh-CN', `Content-Language is ${hd['content-language']}`);
  check(hd['content-location'] === '/codes/404.zh-CN', `Content-Location is ${hd['content-location']}`);
  check(await htmlLang(p2) === 'zh-CN', `/codes/404 is <html lang="${await htmlLang(p2)}">`);
  const cnText = await p2.locator('main').innerText();
  const cnWants = ['类别', '定义于', words(notFound, 'zh-CN', 'name')];
  if (notFound.texts['zh-CN'].meaning)
    cnWants.push(notFound.texts['zh-CN'].meaning);
  for (const want of cnWants)
    check(cnText.includes(want), `the zh-CN page of 404 does not show "${want}"`);
  const overflow = await p2.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `the page is ${overflow}px wider than a phone screen`);
  await shot(p2, '404-zh-CN-phone');

  // 6. "Try it" on 503: the live bytes of the status line and Retry-After.
  await page.goto(`${base}/codes/503.en`);
  const cmd = await page.locator('section.try pre code').first().innerText();
  check(cmd.startsWith('curl -i http://') && cmd.endsWith('/status/503'),
        `the curl command reads "${cmd}"`);
  await page.locator('#try').click();
  const out = page.locator('#try-out');
  await out.waitFor({ state: 'visible' });
  await page.waitForFunction(
    () => document.getElementById('try-out').textContent.includes('Retry-After:'));
  const bytes = await out.innerText();
  check(bytes.includes('HTTP/1.1 503 Service Unavailable'), `try it shows: ${bytes}`);
  check(/^Retry-After: /m.test(bytes), `try it shows no Retry-After: ${bytes}`);
  await shot(page, '503-try');

  await en.close();
  await cn.close();
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let status = 0;
try {
  await run(browser);
} catch (err) {
  console.error(`FAIL: ${err.message}`);
  status = 1;
} finally {
  await browser.close();
}
if (problems.length) {
  console.error('FAIL: the browser reported errors:\n  ' + problems.join('\n  '));
  status = 1;
}
if (status === 0)
  console.log(`ok: ${stepNo} steps, screenshots in ${artifacts}`);
process.exit(status);
