#!/usr/bin/env node
// Load HTML reports in a real headless Chromium (Debian's, never a downloaded one) and
// report, as JSON on stdout, everything the Python tests assert on:
//   - axe-core violations at desktop and at phone width;
//   - whether any payload ran (window.__pwned, a dialog, a request leaving the file);
//   - the live DOM: event-handler attributes, script/iframe/object elements, and any
//     URL that is neither an in-page anchor nor an embedded image;
//   - layout: horizontal overflow at phone width;
//   - print: the computed page-break rules under print media;
// and writes the screenshots the job asks for.
//
// Usage: node check.js job.json
//   job = {"chromium": "/usr/bin/chromium",
//          "pages": [{"name": "northwind", "file": "/abs/report.html",
//                     "screenshots": [{"path": "/abs/x.png", "width": 1280,
//                                      "height": 900, "media": "screen",
//                                      "fullPage": false, "selector": null,
//                                      "firstPrintPage": false}]}]}
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const AXE = require.resolve('axe-core/axe.min.js');
// The flags that work here as root, with no network: without the background-networking
// ones Chromium keeps trying to reach Google's services and gets refused.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
// Only in-page anchors and embedded raster/SVG images may appear as URLs.
const ALLOWED_URL = /^(#[A-Za-z0-9_-]*|data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+)$/;

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const browser = await chromium.launch({
    executablePath: job.chromium,
    args: FLAGS,
    chromiumSandbox: false,
  });
  const result = { browser: browser.version(), pages: [] };
  try {
    for (const spec of job.pages) {
      result.pages.push(await checkPage(browser, spec));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

async function checkPage(browser, spec) {
  const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: true });
  const page = await context.newPage();
  const seen = { requests: [], blocked: [], dialogs: [], errors: [] };
  // Anything other than the report file itself or an embedded image is a leak: block
  // it (so nothing leaves the machine) and record it (so the test fails).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === fileUrl(spec.file) || url.startsWith('data:')) return route.continue();
    seen.blocked.push(url);
    return route.abort();
  });
  page.on('request', (req) => seen.requests.push(req.url()));
  page.on('dialog', (dialog) => { seen.dialogs.push(dialog.message()); dialog.dismiss(); });
  page.on('pageerror', (err) => seen.errors.push(String(err)));

  await page.goto(fileUrl(spec.file), { waitUntil: 'load' });
  // Give onerror/onload handlers (had any survived) time to fire.
  await page.waitForTimeout(300);

  const out = { name: spec.name };
  out.pwned = await page.evaluate(() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned));
  out.dom = await page.evaluate(inspectDom, ALLOWED_URL.source);
  out.title = await page.title();

  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  out.axe = { desktop: await runAxe(page) };
  out.layout = { desktop: await overflow(page) };
  await page.setViewportSize(PHONE);
  out.axe.phone = await runAxe(page);
  out.layout.phone = await overflow(page);

  await page.emulateMedia({ media: 'print' });
  out.print = await page.evaluate(printRules);
  await page.emulateMedia({ media: 'screen' });

  for (const shot of spec.screenshots || []) {
    await page.emulateMedia({ media: shot.media || 'screen' });
    await page.setViewportSize({ width: shot.width, height: shot.height });
    fs.mkdirSync(path.dirname(shot.path), { recursive: true });
    if (shot.selector) {
      await page.locator(shot.selector).first().screenshot({ path: shot.path });
    } else {
      // firstPrintPage: the masthead and the executive summary fill the first sheet
      // of paper (tests/render/test_pdf.py checks it on the PDF), so hiding every
      // later section leaves exactly what that sheet shows.
      const hide = shot.firstPrintPage
        ? await page.addStyleTag({ content: 'main > section ~ section, .colophon { display: none !important; }' })
        : null;
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: shot.path, fullPage: Boolean(shot.fullPage) });
      if (hide) await hide.evaluate((el) => el.remove());
    }
  }
  // Read the trap again after everything (resizing and print emulation included).
  out.pwnedAfter = await page.evaluate(() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned));
  out.requests = seen.requests.filter((url) => url !== fileUrl(spec.file) && !url.startsWith('data:'));
  out.blocked = seen.blocked;
  out.dialogs = seen.dialogs;
  out.errors = seen.errors;
  await context.close();
  return out;
}

function fileUrl(file) {
  return 'file://' + path.resolve(file).split(path.sep).map(encodeURIComponent).join('/');
}

async function runAxe(page) {
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const res = await axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
    }));
  });
}

async function overflow(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

// Runs in the page: what the parser actually built from the report.
function inspectDom(allowed) {
  const ok = new RegExp(allowed);
  const all = Array.from(document.querySelectorAll('*'));
  const handlers = [];
  const urls = [];
  for (const el of all) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) handlers.push(`${el.tagName}[${name}]`);
      if (['href', 'src', 'xlink:href', 'action', 'formaction', 'srcset', 'poster', 'data', 'background'].includes(name)) {
        if (!ok.test(attr.value.trim())) urls.push(`${el.tagName}[${name}]=${attr.value.slice(0, 80)}`);
      }
      if (name === 'style' && /url\s*\(|expression\s*\(/i.test(attr.value)) urls.push(`${el.tagName}[style]=${attr.value.slice(0, 80)}`);
    }
  }
  const css = Array.from(document.querySelectorAll('style')).map((s) => s.textContent).join('\n');
  const cssUrls = (css.match(/url\s*\([^)]*\)/gi) || []).filter((u) => !/url\(\s*#[A-Za-z0-9_-]+\s*\)/.test(u));
  const count = (sel) => document.querySelectorAll(sel).length;
  return {
    handlers,
    urls,
    cssUrls,
    scripts: count('script'),
    embeds: count('iframe, frame, object, embed, applet, base, link, form, meta[http-equiv]'),
    svgScripts: count('svg script, svg foreignObject, svg animate, svg set'),
    elements: all.length,
  };
}

// Runs in the page under print media: the computed rules that shape the PDF.
function printRules() {
  const style = (el) => getComputedStyle(el);
  const sections = Array.from(document.querySelectorAll('main > section'));
  return {
    sectionBreaks: sections.map((s) => style(s).breakBefore),
    figureBreaks: Array.from(document.querySelectorAll('figure')).map((f) => style(f).breakInside),
    hidden: Array.from(document.querySelectorAll('nav, .skip')).map((n) => style(n).display),
  };
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + '\n');
  process.exit(1);
});
