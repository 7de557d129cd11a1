/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { loadDataset } from '../src/data/dataset.js';
import { CONV_COLS, CONV_ROWS, copiesOfRun, launchBrowser, startUi, trainConvRuns, watchProblems, writeHalvingSweep } from './dashboard.js';
import { HALVING_HELD_OUT, ok, ROOT, runCli, smallExperimentYaml, startCli, tempDir, writeIdxSet } from './helpers.js';

/*
 * The dashboard in a real browser (Debian's Chromium, through playwright-core), on a store
 * the runner made from real MNIST: the report's baseline, a faster run, the lr × units
 * sweep, and a run with markup for a name; then tiny conv and CIFAR-10 runs. The
 * screenshots land in docs/ for the README.
 */

const XSS_NAME = '<img src=x onerror=alert(1)>';
const DOCS = join(ROOT, 'docs');

test('the dashboard in Chromium: runs, compare, deep links, tiles, confusion, drawing, sweep, live, and nothing written', { timeout: 300_000 }, async (t) => {
  const dir = tempDir();
  const db = join(dir, 'runs.db');
  const experiments = join(ROOT, 'experiments');
  ok(runCli([join(experiments, 'baseline.yaml'), '--db', db, '--plain'])); // run 1
  ok(runCli([join(experiments, 'baseline.yaml'), '--db', db, '--plain', '--set', 'learning_rate=0.1', '--set', 'epochs=3', '--set', 'name=fast'])); // run 2
  ok(runCli([join(experiments, 'lr-units-sweep.yaml'), '--db', db, '--plain'])); // runs 3–8, sweep 1
  ok(runCli([join(experiments, 'baseline.yaml'), '--db', db, '--plain', '--set', 'epochs=1', '--set', `name=${XSS_NAME}`])); // run 9
  const scored = JSON.parse(ok(runCli(['eval', '1', '--db', db, '--json'])).stdout);
  // Every page is browsed against this file as it is now: its WAL folded in, so its bytes are the whole store.
  const raw = new Database(db);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  const bytes = readFileSync(db);
  const mtime = statSync(db).mtimeMs;

  const ui = await startUi(t, db);
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  const problems = watchProblems(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  mkdirSync(DOCS, { recursive: true });
  const at = (path: string) => `${ui.origin}${path}`;

  await t.test('the runs table lists every run, a markup name as text', async () => {
    await page.goto(at('/'));
    await page.waitForSelector('#runs-table tr[data-run-id="9"]');
    const ids = await page.$$eval('#runs-table tr[data-run-id]', (rows) => rows.map((r) => Number(r.getAttribute('data-run-id'))));
    assert.deepEqual(ids, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assert.equal(await page.textContent('#runs-table tr[data-run-id="9"] td[data-col="name"]').then((s) => s?.trim()), XSS_NAME);
    assert.equal(await page.textContent('#runs-table tr[data-run-id="1"] td[data-col="epochs"]').then((s) => s?.trim()), '10/10');
    assert.equal(await page.$$eval('img', (imgs) => imgs.length), 0, 'no element made from the name');
    await page.screenshot({ path: join(DOCS, 'ui-runs.png') });
  });

  await t.test('a markup name is text on the run and compare pages too', async () => {
    for (const path of ['/run?id=9', '/compare?runs=1,9']) {
      await page.goto(at(path));
      await page.waitForFunction((name) => document.body.innerText.includes(name), XSS_NAME, { timeout: 10_000 });
      assert.equal(await page.$$eval('img', (imgs) => imgs.length), 0, path);
    }
  });

  await t.test('sorting, filtering and the same-columns toggle keep their state in the address', async () => {
    await page.goto(at('/'));
    await page.waitForSelector('#runs-table tr[data-run-id="9"]');
    await page.fill('#filter-text', 'lr-units');
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tr[data-run-id]').length === 6);
    assert.match(page.url(), /[?&]q=lr-units/);
    await page.click('#runs-table th[data-col="last_cross_entropy"]');
    const losses = await page.$$eval('#runs-table tr[data-run-id] td[data-col="last_cross_entropy"]', (cells) => cells.map((c) => Number(c.textContent)));
    assert.deepEqual(losses, [...losses].sort((a, b) => a - b), 'sorted ascending');
    assert.match(page.url(), /[?&]sort=last_cross_entropy/);
    const before = await page.$$eval('#runs-table th[data-col]', (hs) => hs.length);
    await page.check('#hide-same');
    const after = await page.$$eval('#runs-table th[data-col]', (hs) => hs.map((h) => h.getAttribute('data-col')));
    assert.ok(after.length < before, 'columns the same in every shown row are hidden');
    assert.ok(!after.includes('optimizer'), 'every sweep trial uses sgd');
    assert.ok(after.includes('setting:learning_rate') && after.includes('setting:units'), `the swept keys stay: ${after.join(' ')}`);
    await page.goto(page.url());
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tr[data-run-id]').length === 6);
    assert.equal(await page.inputValue('#filter-text'), 'lr-units', 'restored from the address');
    assert.ok(await page.isChecked('#hide-same'));
  });

  await t.test('selecting two runs draws two curves', async () => {
    await page.goto(at('/'));
    await page.waitForSelector('#runs-table tr[data-run-id="1"]');
    await page.check('input.select-run[data-run-id="1"]');
    await page.check('input.select-run[data-run-id="2"]');
    await page.click('#compare-selected');
    await page.waitForURL(/\/compare\?/);
    assert.deepEqual(new URL(page.url()).searchParams.get('runs')?.split(',').sort(), ['1', '2']);
    await page.waitForSelector('#compare-chart[data-series="2"]');
    assert.ok((await page.$$('#compare-chart canvas')).length > 0, 'a chart is drawn');
    assert.match((await page.textContent('#differences')) ?? '', /learning_rate/);
    assert.match((await page.textContent('#evaluations')) ?? '', /91\.|9\d\.\d/);
    await page.screenshot({ path: join(DOCS, 'ui-compare.png') });
  });

  await t.test('a deep link restores the view', async () => {
    await page.goto(at('/compare?runs=1,2&logy=1&smooth=0.6&hide=2'));
    await page.waitForSelector('#compare-chart[data-series="1"]');
    assert.ok(await page.isChecked('#logy'));
    assert.equal(await page.inputValue('#smooth'), '0.6');
    const csv = await page.getAttribute('#export-csv', 'href');
    assert.match(csv ?? '', /\/api\/compare\?runs=1,2.*format=csv/);
  });

  /** The pixels of unit 0's tile once the tiles show `epoch`. */
  async function tileAt(p: Page, epoch: number): Promise<string> {
    await p.waitForSelector(`#tiles[data-epoch="${epoch}"] canvas.tile[data-unit="0"]`);
    const pixels = await p.$eval('canvas.tile[data-unit="0"]', (c) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data));
    return createHash('sha256').update(Buffer.from(pixels)).digest('hex');
  }

  await t.test('the first layer\'s tiles differ between epoch 0 and epoch 10', async () => {
    await page.goto(at('/run?id=1&epoch=0'));
    const first = await tileAt(page, 0);
    assert.equal(await page.$$eval('#tiles canvas.tile', (cs) => cs.length), 32);
    await page.$eval('#tile-epoch', (input) => {
      (input as HTMLInputElement).value = '10';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const last = await tileAt(page, 10);
    assert.notEqual(first, last);
    assert.match(page.url(), /[?&]epoch=10/);
    assert.equal(await page.$$eval('#norms canvas.spark', (cs) => cs.length), 32);
    assert.equal((await page.textContent('#config-yaml'))?.trim(), readFileSync(join(experiments, 'baseline.yaml'), 'utf8').trim());
  });

  await t.test("the confusion matrix's diagonal is runner eval's count of correct test images", async () => {
    await page.goto(at('/run?id=1'));
    await page.waitForSelector('#confusion[data-epoch="10"]');
    const cells = await page.$$eval('#confusion td.cm-cell', (tds) =>
      tds.map((td) => ({ label: Number(td.getAttribute('data-label')), predicted: Number(td.getAttribute('data-predicted')), n: Number(td.textContent) })),
    );
    assert.equal(cells.length, 100);
    assert.equal(cells.filter((c) => c.label === c.predicted).reduce((s, c) => s + c.n, 0), scored.test_correct);
    assert.equal(cells.reduce((s, c) => s + c.n, 0), 10_000);
    const wrong = cells.find((c) => c.label !== c.predicted && c.n > 0)!;
    await page.click(`#confusion td.cm-cell[data-label="${wrong.label}"][data-predicted="${wrong.predicted}"]`);
    await page.waitForSelector('#examples .example');
    assert.equal(await page.$$eval('#examples .example', (es) => es.length), Math.min(60, wrong.n));
    assert.match((await page.textContent('#examples .example')) ?? '', new RegExp(`${wrong.predicted} 0\\.\\d+`));
  });

  await t.test('a test image painted on the canvas gets the prediction runner predict gives', async () => {
    const { test: images } = loadDataset({ dataset: 'mnist', normalize: false } as never, ROOT);
    await page.goto(at('/run?id=1'));
    await page.waitForSelector('#draw[data-ready="1"]');
    for (const index of [0, 1, 2, 3, 8]) {
      const pixels = Array.from(images.images.subarray(index * 784, (index + 1) * 784));
      await page.$eval(
        '#draw',
        (canvas, values) => {
          const c = canvas as HTMLCanvasElement;
          const ctx = c.getContext('2d')!;
          const image = ctx.createImageData(28, 28);
          values.forEach((v, k) => image.data.set([v, v, v, 255], k * 4));
          ctx.putImageData(image, 0, 0);
          c.dispatchEvent(new Event('input'));
        },
        pixels,
      );
      const expected = JSON.parse(ok(runCli(['predict', '1', String(index), '--db', db, '--json'])).stdout);
      await page.waitForFunction((d) => document.querySelector('#draw-predicted')?.textContent?.trim() === String(d), expected.predicted, { timeout: 5000 });
      const shown = await page.$$eval('#draw-probabilities li[data-class]', (lis) => lis.map((li) => Number(/\d\.\d+/.exec(li.textContent ?? '')?.[0])));
      assert.equal(shown.length, 10);
      shown.forEach((p, c) => assert.ok(Math.abs(p - expected.probabilities[c]) < 1e-4, `image ${index}, class ${c}: ${p} vs ${expected.probabilities[c]}`));
    }
    // For the README: the run with a digit drawn and a cell of the confusion matrix opened.
    await page.waitForSelector('#confusion[data-epoch="10"]');
    await page.click('#confusion td.cm-cell[data-label="4"][data-predicted="9"]');
    await page.waitForSelector('#examples .example');
    await page.screenshot({ path: join(DOCS, 'ui-run.png'), fullPage: true });
  });

  await t.test('the sweep page shows its trials best first, a heatmap of the two swept keys and parallel coordinates', async () => {
    await page.goto(at('/sweep?id=1'));
    await page.waitForSelector('#trials-table tr[data-run-id]');
    assert.equal(await page.$$eval('#trials-table tr[data-run-id]', (rows) => rows.length), 6);
    await page.waitForSelector('#heatmap [data-run-id]');
    assert.equal(await page.$$eval('#heatmap [data-run-id]', (cells) => cells.length), 6);
    assert.equal(await page.$$eval('svg#parallel polyline, svg#parallel path.trial', (lines) => lines.length), 6);
    await page.screenshot({ path: join(DOCS, 'ui-sweep.png') });
    const target = await page.getAttribute('#heatmap [data-run-id]', 'data-run-id');
    await page.click('#heatmap [data-run-id]');
    await page.waitForURL(new RegExp(`/run\\?id=${target}`));
  });

  await t.test('browsing every page wrote nothing: the file has the same bytes and mtime', async () => {
    assert.ok(readFileSync(db).equals(bytes));
    assert.equal(statSync(db).mtimeMs, mtime);
  });

  await t.test('live: a run trained by another process appears, and its epoch count grows within 2 s of each commit', async () => {
    await page.goto(at('/'));
    await page.waitForSelector('#runs-table tr[data-run-id="1"]');
    const seen = new Map<string, number>();
    // The page is watched from inside: a MutationObserver stamps when each epoch count first
    // shows. As text: tsx would wrap a named function here in a helper the page lacks.
    await page.evaluate(`(() => {
      const stamps = (window.stamps = {});
      new MutationObserver(() => {
        const row = document.querySelector('#runs-table tr[data-run-id="10"]');
        if (!row) return;
        stamps.row ??= Date.now();
        const done = /^(\\d+)\\//.exec(row.querySelector('td[data-col="epochs"]')?.textContent?.trim() ?? '')?.[1];
        if (done !== undefined) stamps[done] ??= Date.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    const trainer = startCli([join(experiments, 'baseline.yaml'), '--db', db, '--json', '--set', 'epochs=4', '--set', 'name=live']);
    let printed = '';
    trainer.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
      if (printed.includes('"event":"run-start"') && !seen.has('row')) seen.set('row', Date.now());
      for (const m of printed.matchAll(/"event":"epoch","epoch":(\d+)/g)) if (!seen.has(m[1]!)) seen.set(m[1]!, Date.now());
    });
    assert.equal((await trainer.exited).code, 0);
    await page.waitForFunction(() => (window as unknown as { stamps: Record<string, number> }).stamps['4'] !== undefined, undefined, { timeout: 5000 });
    const stamps = await page.evaluate(() => (window as unknown as { stamps: Record<string, number> }).stamps);
    for (const [what, committed] of seen) {
      const shown = stamps[what] ?? Math.min(...Object.entries(stamps).filter(([k]) => k !== 'row' && Number(k) >= Number(what)).map(([, v]) => v));
      assert.ok(Number.isFinite(shown), `${what} never shown: ${JSON.stringify(stamps)}`);
      assert.ok(shown - committed <= 2000, `${what === 'row' ? 'the new run' : `epoch ${what}`} showed ${shown - committed} ms after its commit`);
    }
    assert.equal(await page.textContent('#runs-table tr[data-run-id="10"] td[data-col="status"]').then((s) => s?.trim()), 'completed');
  });

  assert.deepEqual(problems, [], 'no page errors, no CSP violations');
  assert.equal(dialogs, 0, 'no dialog opened');
  writeFileSync(join(dir, 'done'), '');
});

test('a long runs table (over 60 rows, laid out once and filled after the first paint) lists, sorts, filters and updates live', { timeout: 120_000 }, async (t) => {
  const dir = tempDir();
  writeIdxSet(dir, { rows: 28, cols: 28 });
  writeFileSync(join(dir, 'small.yaml'), smallExperimentYaml().replace('epochs: 3', 'epochs: 20'));
  const db = join(dir, 'runs.db');
  ok(runCli([join(dir, 'small.yaml'), '--db', db, '--plain']));
  copiesOfRun(db, 1, 149);
  const ui = await startUi(t, db);
  const page = await (await launchBrowser(t)).newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const rows = () => page.$$eval('#runs-table tr[data-run-id]', (trs) => trs.map((tr) => Number(tr.getAttribute('data-run-id'))));
  await page.goto(`${ui.origin}/`);
  await page.waitForFunction(() => document.querySelectorAll('#runs-table tr[data-run-id]').length === 150);
  assert.deepEqual(await rows(), Array.from({ length: 150 }, (_, k) => 150 - k), 'newest first');
  const box = await page.locator('#runs-table tr[data-run-id="150"] td[data-col="name"]').boundingBox();
  assert.ok(box && box.height > 0 && box.width > 0, 'the first row is laid out');
  await page.click('#runs-table th[data-col="last_cross_entropy"]');
  const losses = await page.$$eval('#runs-table tr[data-run-id] td[data-col="last_cross_entropy"]', (cells) => cells.map((c) => Number(c.textContent)));
  assert.equal(losses.length, 150);
  assert.deepEqual(losses, [...losses].sort((a, b) => a - b), 'all 150 sorted');
  await page.fill('#filter-text', 'bench-14');
  await page.waitForFunction(() => document.querySelectorAll('#runs-table tr[data-run-id]').length === 11, undefined, { timeout: 5000 });
  assert.deepEqual((await rows()).sort((a, b) => a - b), [14, ...Array.from({ length: 10 }, (_, k) => 140 + k)]);
  await page.fill('#filter-text', '');
  await page.waitForFunction(() => document.querySelectorAll('#runs-table tr[data-run-id]').length === 150);
  const trainer = startCli([join(dir, 'small.yaml'), '--db', db, '--plain', '--set', 'name=late']);
  assert.equal((await trainer.exited).code, 0);
  await page.waitForFunction(() => document.querySelector('#runs-table tr[data-run-id="151"] td[data-col="epochs"]')?.textContent?.trim() === '20/20', undefined, { timeout: 5000 });
  assert.equal((await page.textContent('#runs-table tr[data-run-id="151"] td[data-col="name"]'))?.trim(), 'late');
  assert.deepEqual(problems, []);
});

test('a halving sweep in Chromium: its rungs follow the training live, the promoted and pruned trials, and a run\'s validation figures', { timeout: 120_000 }, async (t) => {
  const dir = tempDir();
  const db = join(dir, 'runs.db');
  const file = writeHalvingSweep(dir);
  writeFileSync(join(dir, 'small.yaml'), smallExperimentYaml());
  ok(runCli([join(dir, 'small.yaml'), '--db', db, '--plain'])); // run 1, without validation
  const ui = await startUi(t, db);
  const page = await (await launchBrowser(t)).newPage();
  const problems = watchProblems(page);
  const at = (path: string) => `${ui.origin}${path}`;

  // The sweep, held in its first rung: SIGSTOP, once it has said its header (the sweep is
  // in the store, no trial handed out yet), stops the parent handing out trials, so no rung
  // can be decided, however slow this machine is.
  const sweep = startCli([file, '--db', db, '--jobs', '2']);
  t.after(() => {
    if (sweep.child.exitCode === null && sweep.child.signalCode === null) sweep.child.kill('SIGCONT');
  });
  await sweep.waitFor(/^sweep 1: halving, 9 trials/m);
  sweep.child.kill('SIGSTOP');
  await page.goto(at('/sweep?id=1'));
  await page.waitForSelector('#rungs-table tr[data-rung="2"]');
  // Stopped in its first rung, as it all but always is: the page says every rung is open.
  const decidedBeforeTheStop = (() => {
    const store = new Database(db, { readonly: true });
    try {
      return (store.prepare('SELECT count(*) AS n FROM runs WHERE rung > 0 OR pruned = 1').get() as { n: number }).n > 0;
    } finally {
      store.close();
    }
  })();
  if (decidedBeforeTheStop) t.diagnostic('this machine decided rung 0 before the sweep could be stopped; its open rungs were not looked at');
  else {
    for (const rung of ['0', '1', '2']) {
      assert.equal(await page.getAttribute(`#rungs-table tr[data-rung="${rung}"]`, 'data-decided'), '0', `rung ${rung} is open`);
      assert.equal((await page.textContent(`#rungs-table tr[data-rung="${rung}"] td[data-col="promoted"]`))?.trim(), 'not yet decided');
    }
  }
  sweep.child.kill('SIGCONT');
  assert.equal((await sweep.exited).code, 0);
  // The page follows the sweep to its end by itself (live), without being reloaded.
  await page.waitForSelector('#rungs-table tr[data-rung="2"][data-winner]', { timeout: 10_000 });
  await page.waitForFunction(() => document.querySelectorAll('#trials-table tr[data-pruned="1"]').length === 8, undefined, { timeout: 5000 });

  const shown = JSON.parse(ok(runCli(['sweep', '1', '--db', db, '--json'])).stdout);
  const winner = shown.trials[0];
  assert.equal(winner.rung, 2);
  const cell = (rung: number, col: string) => page.textContent(`#rungs-table tr[data-rung="${rung}"] td[data-col="${col}"]`).then((s) => s?.trim());
  for (const [k, rung] of (shown.rungs as { index: number; epochs: number; size: number; entries: { trial: number; value: number }[]; promoted: number[] }[]).entries()) {
    assert.equal(await cell(k, 'epochs'), String(rung.epochs));
    assert.equal(await cell(k, 'trials'), `${rung.entries.length}/${rung.size}`);
    assert.equal(await cell(k, 'reported'), String(rung.entries.length));
    const best = [...rung.entries].sort((a, b) => a.value - b.value || a.trial - b.trial)[0]!;
    assert.equal(await cell(k, 'best'), `${best.value.toFixed(4)} (trial ${best.trial})`);
    if (k < 2) {
      assert.equal(await page.getAttribute(`#rungs-table tr[data-rung="${k}"]`, 'data-promoted'), rung.promoted.join(','));
      assert.equal(await cell(k, 'promoted'), rung.promoted.map((trial) => `trial ${trial}`).join(', '));
    }
  }
  assert.deepEqual(shown.rungs.map((r: { promoted: number[] }) => r.promoted.length), [3, 1, 0]);
  assert.equal(await page.getAttribute('#rungs-table tr[data-rung="2"]', 'data-winner'), String(winner.trial));
  assert.equal(await cell(2, 'promoted'), `winner: trial ${winner.trial}`);
  // The promoted trials link to their runs.
  const promotedRun = shown.trials.find((r: { trial: number }) => r.trial === shown.rungs[0].promoted[0]).run_id;
  assert.equal(await page.getAttribute(`#rungs-table tr[data-rung="0"] td[data-col="promoted"] a >> nth=0`, 'href'), `/run?id=${promotedRun}`);
  assert.equal(await page.$$eval('svg#rungs-chart g.trial', (gs) => gs.length), 9);
  assert.equal(await page.getAttribute('svg#rungs-chart g.winner', 'data-trial'), String(winner.trial));
  assert.equal(await page.$$eval('svg#rungs-chart g.off', (gs) => gs.length), 8);

  // The trials in runner sweep's order, the pruned ones marked, with their validation figures.
  const rows = await page.$$eval('#trials-table tr[data-trial]', (trs) =>
    trs.map((tr) => ({
      trial: Number(tr.getAttribute('data-trial')),
      status: tr.querySelector('td[data-col="status"]')?.textContent?.trim(),
      rung: tr.querySelector('td[data-col="rung"]')?.textContent?.trim(),
      val: tr.querySelector('td[data-col="last_val_cross_entropy"]')?.textContent?.trim(),
      accuracy: tr.querySelector('td[data-col="last_val_accuracy"]')?.textContent?.trim(),
    })),
  );
  assert.deepEqual(
    rows,
    shown.trials.map((r: { trial: number; pruned: number; rung: number; last_val_cross_entropy: number; last_val_accuracy: number }) => ({
      trial: r.trial,
      status: r.pruned === 1 ? `pruned at rung ${r.rung}` : 'completed',
      rung: String(r.rung),
      val: r.last_val_cross_entropy.toFixed(4),
      accuracy: `${(r.last_val_accuracy * 100).toFixed(2)}%`,
    })),
  );
  assert.ok(rows.some((r) => r.status === 'pruned at rung 0') && rows.some((r) => r.status === 'pruned at rung 1'));
  await page.screenshot({ path: join(DOCS, 'ui-sweep-halving.png'), fullPage: true });

  // The winner's run page: the validation curve beside the training one, and its figures per epoch.
  const sql = new Database(db, { readonly: true });
  const stored = sql.prepare('SELECT epoch, val_cross_entropy, val_accuracy FROM epochs WHERE run_id = ? ORDER BY epoch').all(winner.run_id) as { epoch: number; val_cross_entropy: number; val_accuracy: number }[];
  sql.close();
  assert.equal(stored.length, 9);
  await page.goto(at(`/run?id=${winner.run_id}`));
  await page.waitForSelector('#epochs-table[data-validation] td[data-col="val_cross_entropy"]');
  const epochs = await page.$$eval('#epochs-table tr[data-epoch]', (trs) =>
    trs.map((tr) => [Number(tr.getAttribute('data-epoch')), tr.querySelector('td[data-col="val_cross_entropy"]')?.textContent, tr.querySelector('td[data-col="val_accuracy"]')?.textContent]),
  );
  assert.deepEqual(epochs, stored.map((e) => [e.epoch, e.val_cross_entropy.toFixed(4), `${(e.val_accuracy * 100).toFixed(2)}%`]));
  await page.waitForSelector('#run-chart[data-series="training,validation,test"] canvas');
  assert.match((await page.textContent('#run-chart .u-legend')) ?? '', /training CE.*validation CE.*test CE/);
  assert.equal((await page.textContent('#run-val-ce'))?.trim(), `val CE ${stored.at(-1)!.val_cross_entropy.toFixed(4)}`);
  assert.equal((await page.textContent('#run-val-accuracy'))?.trim(), `val acc. ${(stored.at(-1)!.val_accuracy * 100).toFixed(2)}%`);
  assert.equal(await page.$('#run-pruned'), null, 'the winner was not pruned');
  assert.match((await page.textContent('#provenance')) ?? '', /rung 2/);
  assert.match((await page.textContent('#provenance')) ?? '', new RegExp(`the last ${HALVING_HELD_OUT} training images held out`));

  // A trial pruned at the first rung says so; a run without validation has none of it.
  const prunedRun = shown.trials.find((r: { rung: number }) => r.rung === 0).run_id;
  await page.goto(at(`/run?id=${prunedRun}`));
  await page.waitForSelector('#run-pruned');
  assert.equal((await page.textContent('#run-pruned'))?.trim(), 'pruned at rung 0');
  await page.goto(at('/run?id=1'));
  await page.waitForSelector('#run-chart[data-series="training,test"] canvas');
  assert.equal(await page.$('#epochs-table[data-validation]'), null);
  assert.equal(await page.$('#epochs-table td[data-col="val_cross_entropy"]'), null);
  assert.equal(await page.$('#run-val-ce'), null);
  assert.deepEqual(problems, [], 'no page errors, no CSP violations');
});

test('the compare page draws the validation curves of the runs that have them, dashed, with a toggle kept in the address', { timeout: 120_000 }, async (t) => {
  const dir = tempDir();
  const db = join(dir, 'runs.db');
  writeIdxSet(dir, { count: 300 });
  writeFileSync(join(dir, 'held.yaml'), smallExperimentYaml('  validation: 60'));
  writeFileSync(join(dir, 'small.yaml'), smallExperimentYaml());
  ok(runCli([join(dir, 'held.yaml'), '--db', db, '--plain', '--set', 'epochs=8', '--set', 'name=held-slow'])); // run 1, 60 held out
  ok(runCli([join(dir, 'held.yaml'), '--db', db, '--plain', '--set', 'epochs=8', '--set', 'learning_rate=0.3', '--set', 'name=held-fast'])); // run 2, 60 held out
  ok(runCli([join(dir, 'small.yaml'), '--db', db, '--plain', '--set', 'epochs=8', '--set', 'learning_rate=0.1', '--set', 'name=no-validation'])); // run 3
  const sql = new Database(db, { readonly: true });
  const stored = (id: number) =>
    sql.prepare('SELECT epoch, val_cross_entropy, val_accuracy FROM epochs WHERE run_id = ? ORDER BY epoch').all(id) as { epoch: number; val_cross_entropy: number | null; val_accuracy: number | null }[];
  const epochs = new Map([1, 2, 3].map((id) => [id, stored(id)]));
  sql.close();
  assert.ok(epochs.get(3)!.every((e) => e.val_cross_entropy === null), 'run 3 has no validation');

  const ui = await startUi(t, db);
  const page = await (await launchBrowser(t)).newPage();
  const problems = watchProblems(page);
  const at = (path: string) => `${ui.origin}${path}`;
  const names = (value: string) => page.waitForSelector(`#compare-chart[data-series-names="${value}"] canvas`, { timeout: 10_000 });
  /** The readout's validation items: run id → [cross-entropy, accuracy, raw?]. */
  const readoutVal = () =>
    page.$$eval('#readout .item[data-val]', (items) =>
      items.map((item) => [Number(item.getAttribute('data-run-id')), item.querySelector('b')?.textContent, item.textContent] as const),
    );

  await page.goto(at('/compare?runs=1,2,3'));
  await names('1,1 val,2,2 val,3');
  assert.equal(await page.getAttribute('#compare-chart', 'data-series'), '3', 'data-series still counts the runs shown');
  assert.ok(await page.isChecked('#validation'));
  assert.deepEqual(await page.$$eval('#legend [data-val-run-id]', (es) => es.map((e) => [e.getAttribute('data-val-run-id'), e.textContent?.trim()])), [
    ['1', '1 · held-slow val'],
    ['2', '2 · held-fast val'],
  ]);
  // Away from the chart the readout gives each curve's last point: the validation figures of the last epoch.
  const last = (id: number) => epochs.get(id)!.at(-1)!;
  const away = await readoutVal();
  assert.deepEqual(away.map(([id, ce]) => [id, ce]), [1, 2].map((id) => [id, last(id).val_cross_entropy!.toFixed(4)]));
  away.forEach(([id, , text]) => assert.match(text ?? '', new RegExp(`run ${id} val.*acc\\. ${(last(id).val_accuracy! * 100).toFixed(2)}%`)));

  // Under the cursor: that epoch's validation figures, for the two runs that have them.
  const box = (await page.locator('#compare-chart .u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.waitForFunction(() => /^epoch \d+$/.test(document.querySelector('#readout .epoch')?.textContent ?? ''));
  const hovered = Number(/\d+/.exec((await page.textContent('#readout .epoch'))!)![0]);
  const row = (id: number) => epochs.get(id)!.find((e) => e.epoch === hovered)!;
  const under = await readoutVal();
  assert.deepEqual(under.map(([id, ce]) => [id, ce]), [1, 2].map((id) => [id, row(id).val_cross_entropy!.toFixed(4)]));
  under.forEach(([id, , text]) => assert.match(text ?? '', new RegExp(`acc\\. ${(row(id).val_accuracy! * 100).toFixed(2)}%`)));
  assert.match((await page.textContent('#readout .item[data-run-id="3"]:not([data-val])')) ?? '', /^run 3/);
  await page.screenshot({ path: join(DOCS, 'ui-compare-validation.png') });
  await page.mouse.move(0, 0);

  // Hide, solo and the baseline act on a run's two curves; smoothing smooths both (the raw point in the readout).
  await page.click('#legend li[data-run-id="1"] button.name');
  await names('2,2 val,3');
  await page.click('#legend li[data-run-id="2"] button.solo');
  await names('2,2 val');
  await page.click('#legend li[data-run-id="2"] button.solo');
  await page.click('#legend li[data-run-id="1"] button.name');
  await names('1,1 val,2,2 val,3');
  await page.click('#legend li[data-run-id="2"] button.pin');
  await page.waitForFunction(() => /rgb\(17, 17, 17\)/.test((document.querySelector('#readout .item[data-val][data-run-id="2"] .swatch') as HTMLElement | null)?.style.background ?? ''));
  await page.goto(at('/compare?runs=1,2,3&smooth=0.6'));
  await names('1,1 val,2,2 val,3');
  const smoothed = await readoutVal();
  assert.equal(smoothed.length, 2);
  smoothed.forEach(([id, , text]) => assert.match(text ?? '', new RegExp(`\\(raw ${last(id).val_cross_entropy!.toFixed(4)}\\)`)));

  // The toggle hides them, says so in the address, and a reload from it keeps them hidden.
  await page.uncheck('#validation');
  await names('1,2,3');
  assert.equal(new URL(page.url()).searchParams.get('val'), '0');
  assert.equal(await page.$('#legend [data-val-run-id]'), null);
  assert.deepEqual(await readoutVal(), []);
  await page.goto(page.url());
  await names('1,2,3');
  assert.equal(await page.isChecked('#validation'), false, 'restored from the address');
  await page.check('#validation');
  await names('1,1 val,2,2 val,3');
  assert.equal(new URL(page.url()).searchParams.get('val'), null);

  // Runs without validation: the page as before, no toggle.
  await page.goto(at('/compare?runs=3'));
  await names('3');
  assert.equal(await page.$('#validation'), null);
  assert.equal(await page.$('#legend [data-val-run-id]'), null);
  assert.equal((await page.textContent('.chart-note'))?.trim(), 'Training cross-entropy after each epoch. Drag across the chart to zoom, double-click to zoom out.');
  assert.deepEqual(problems, [], 'no page errors, no CSP violations');
});

test('conv runs in Chromium: the first conv layer\'s filters as tiles, the browser\'s conv forward pass = runner predict, CIFAR-10\'s images in colour', { timeout: 120_000 }, async (t) => {
  const dir = tempDir();
  const db = join(dir, 'runs.db');
  // Run 1: 1x12x10-c4k3bn-p2-8d0.25-10; run 2: 3x32x32-c8k5s2-p3s2-8-10 (CIFAR-10); run 3: 3072-4-10 (CIFAR-10, dense).
  const { cifar, testImages } = trainConvRuns(dir, db);
  const sql = new Database(db, { readonly: true });
  const stored = (run: number, epoch: number, name: string) => {
    const row = sql.prepare('SELECT data FROM weights WHERE run_id = ? AND epoch = ? AND name = ?').get(run, epoch, name) as { data: Buffer };
    return new Float32Array(new Uint8Array(row.data).buffer);
  };
  const ui = await startUi(t, db);
  const page = await (await launchBrowser(t)).newPage();
  const problems = watchProblems(page);
  const at = (path: string) => `${ui.origin}${path}`;
  /** A tile's pixels (RGBA) as the page drew them. */
  const tilePixels = (selector: string) =>
    page.$eval(selector, (c) => {
      const canvas = c as HTMLCanvasElement;
      return { width: canvas.width, height: canvas.height, title: canvas.title, rgba: Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data) };
    });
  const near = (a: number[], b: number[], what: string) => a.forEach((v, k) => assert.ok(Math.abs(v - b[k]!) <= 1, `${what}, value ${k}: ${v} vs ${b[k]}`));

  await t.test('a conv run: one tile per filter of conv1, in the diverging map, w[f, 0, dy, dx] at row dy, column dx', async () => {
    await page.goto(at('/run?id=1'));
    await page.waitForSelector('#tiles[data-kind="filters"][data-epoch="2"] canvas.tile[data-filter="3"]');
    assert.equal(await page.$$eval('#tiles canvas.tile[data-filter]', (cs) => cs.length), 4);
    assert.equal(await page.$('#tiles canvas.tile[data-unit]'), null, 'no unit tiles');
    assert.match((await page.textContent('.tiles-card h2')) ?? '', /conv layer/);
    const w = stored(1, 2, 'conv1_w');
    const max = Math.max(...Array.from(w, Math.abs));
    for (const f of [0, 3]) {
      const tile = await tilePixels(`#tiles canvas.tile[data-filter="${f}"]`);
      assert.deepEqual([tile.width, tile.height, tile.title], [3, 3, `filter ${f}`]);
      const expected = Array.from(w.subarray(f * 9, (f + 1) * 9)).flatMap((v) => {
        const c = v < 0 ? [33, 102, 172] : [178, 24, 43];
        const a = Math.min(1, Math.abs(v) / max);
        return [...c.map((x) => 255 + (x - 255) * a), 255];
      });
      near(tile.rgba, expected, `filter ${f}`);
    }
    // The sparklines are the filters' norms, one per filter.
    await page.waitForSelector('#norms[data-kind="filters"] canvas.spark[data-filter="3"]');
    assert.equal(await page.$$eval('#norms canvas.spark', (cs) => cs.length), 4);
    const norm0 = Math.hypot(...w.subarray(0, 9));
    assert.match((await page.getAttribute('#norms canvas.spark[data-filter="0"]', 'title')) ?? '', new RegExp(`^filter 0: ‖conv1_w\\[0\\]‖ .*; ${norm0.toFixed(3)} at epoch 2$`));
    // The slider reaches the initialisation, which differs.
    const before = await tilePixels('#tiles canvas.tile[data-filter="0"]');
    await page.$eval('#tile-epoch', (input) => {
      (input as HTMLInputElement).value = '0';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForSelector('#tiles[data-epoch="0"]');
    assert.notDeepEqual((await tilePixels('#tiles canvas.tile[data-filter="0"]')).rgba, before.rgba);
  });

  await t.test('a conv run: a test image painted on the 10×12 pad gets the probabilities runner predict gives', async () => {
    await page.goto(at('/run?id=1'));
    await page.waitForSelector('#draw[data-ready="1"]');
    assert.deepEqual(await page.$eval('#draw', (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]), [CONV_COLS, CONV_ROWS]);
    const pixels = CONV_ROWS * CONV_COLS;
    for (const index of [0, 1, 2, 3, 7]) {
      const image = Array.from(testImages.subarray(index * pixels, (index + 1) * pixels));
      await page.$eval(
        '#draw',
        (canvas, values) => {
          const c = canvas as HTMLCanvasElement;
          const ctx = c.getContext('2d')!;
          const data = ctx.createImageData(c.width, c.height);
          values.forEach((v, k) => data.data.set([v, v, v, 255], k * 4));
          ctx.putImageData(data, 0, 0);
          c.dispatchEvent(new Event('input'));
        },
        image,
      );
      const expected = JSON.parse(ok(runCli(['predict', '1', String(index), '--db', db, '--json'])).stdout);
      await page.waitForFunction((d) => document.querySelector('#draw-predicted')?.textContent?.trim() === String(d), expected.predicted, { timeout: 5000 });
      const shown = await page.$$eval('#draw-probabilities li[data-class]', (lis) => lis.map((li) => Number(li.getAttribute('data-probability'))));
      assert.equal(shown.length, 10);
      // float32 kernels against float64 arithmetic: the same to about 1e-7.
      shown.forEach((p, c) => assert.ok(Math.abs(p - expected.probabilities[c]) < 1e-5, `image ${index}, class ${c}: ${p} vs ${expected.probabilities[c]}`));
    }
    assert.match((await page.textContent('#draw-note')) ?? '', /conv network.*10×12 pixels/);
  });

  await t.test("a conv run's confusion matrix is runner eval's, its examples 10 wide and 12 high", async () => {
    const scored = JSON.parse(ok(runCli(['eval', '1', '--db', db, '--json'])).stdout);
    await page.goto(at('/run?id=1'));
    await page.waitForSelector('#confusion[data-epoch="2"]');
    assert.equal(await page.getAttribute('#confusion', 'data-correct'), String(scored.test_correct));
    const cell = await page.$$eval('#confusion td.cm-cell[data-label="0"]', (tds) => tds.find((td) => Number(td.textContent) > 0)!.getAttribute('data-predicted'));
    await page.click(`#confusion td.cm-cell[data-label="0"][data-predicted="${cell}"]`);
    await page.waitForSelector('#examples .example canvas');
    const index = Number(await page.getAttribute('#examples .example', 'data-index'));
    const drawn = await page.$eval('#examples .example canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      return { size: [canvas.width, canvas.height], rgba: Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data) };
    });
    assert.deepEqual(drawn.size, [CONV_COLS, CONV_ROWS]);
    const image = testImages.subarray(index * CONV_ROWS * CONV_COLS, (index + 1) * CONV_ROWS * CONV_COLS);
    assert.deepEqual(drawn.rgba, Array.from(image).flatMap((v) => [255 - v, 255 - v, 255 - v, 255]), 'grey, ink dark on white');
  });

  await t.test('a CIFAR-10 conv run: 3-channel filters as RGB tiles around mid-grey, colour examples, the browser forward pass = runner predict, no digit to draw', async () => {
    await page.goto(at('/run?id=2'));
    await page.waitForSelector('#tiles[data-kind="filters"][data-epoch="2"] canvas.tile[data-filter="7"]');
    assert.equal(await page.$$eval('#tiles canvas.tile', (cs) => cs.length), 8);
    const w = stored(2, 2, 'conv1_w');
    const max = Math.max(...Array.from(w, Math.abs));
    const per = 3 * 25;
    for (const f of [0, 5]) {
      const tile = await tilePixels(`#tiles canvas.tile[data-filter="${f}"]`);
      assert.deepEqual([tile.width, tile.height, tile.title], [5, 5, `filter ${f}`]);
      const level = (v: number) => Math.round(128 + 127 * (v / max));
      const expected = Array.from({ length: 25 }, (_, i) => [level(w[f * per + i]!), level(w[f * per + 25 + i]!), level(w[f * per + 50 + i]!), 255]).flat();
      assert.deepEqual(tile.rgba, expected, `filter ${f}: R, G, B from channels 0, 1, 2`);
    }
    assert.match((await page.textContent('.tiles-card .note')) ?? '', /in colour: each of R, G, B at 128 \+ 127·w\/max/);
    // No digit to draw: the card says so and has no pad.
    await page.waitForSelector('.draw-card[data-applies="0"]');
    assert.equal(await page.$('#draw'), null);
    assert.match((await page.textContent('#draw-note')) ?? '', /CIFAR-10.*colour images.*nothing to draw/);

    // The confusion matrix's examples: 32×32, the R, G and B planes as colours.
    await page.waitForSelector('#confusion[data-epoch="2"]');
    const cell = await page.$$eval('#confusion td.cm-cell', (tds) => {
      const found = tds.find((td) => Number(td.textContent) > 0)!;
      return [found.getAttribute('data-label'), found.getAttribute('data-predicted')];
    });
    await page.click(`#confusion td.cm-cell[data-label="${cell[0]}"][data-predicted="${cell[1]}"]`);
    await page.waitForSelector('#examples .example canvas[data-channels="3"]');
    assert.match((await page.textContent('#examples-caption')) ?? '', /of label \d \((airplane|automobile|bird|cat|deer|dog|frog|horse|ship|truck)\) predicted \d \(/);
    const examples = await page.$$eval('#examples .example', (es) =>
      es.map((e) => {
        const canvas = e.querySelector('canvas')!;
        return { index: Number(e.getAttribute('data-index')), size: [canvas.width, canvas.height], rgba: Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data) };
      }),
    );
    assert.ok(examples.length > 0);
    for (const ex of examples) {
      assert.deepEqual(ex.size, [32, 32]);
      const image = cifar.test.images.subarray(ex.index * 3072, (ex.index + 1) * 3072);
      const expected = Array.from({ length: 1024 }, (_, i) => [image[i]!, image[1024 + i]!, image[2048 + i]!, 255]).flat();
      assert.ok(ex.rgba.every((v, k) => v === expected[k]), `test image ${ex.index} drawn from its R, G, B planes`);
    }
    await page.screenshot({ path: join(DOCS, 'ui-run-conv.png'), fullPage: true });

    // forward.js on 3-channel images (its R, G, B planes) = runner predict.
    const indices = [0, 1, 2];
    const probabilities = await page.evaluate(
      async ({ images }) => {
        const { loadNetwork, forward } = await import('/assets/forward.js' as string);
        const net = loadNetwork(await (await fetch('/api/runs/2/weights')).json());
        return images.map((pixels: number[]) => Array.from(forward(net, pixels) as Float64Array));
      },
      { images: indices.map((k) => Array.from(cifar.test.images.subarray(k * 3072, (k + 1) * 3072))) },
    );
    for (const [k, index] of indices.entries()) {
      const expected = JSON.parse(ok(runCli(['predict', '2', String(index), '--db', db, '--json'])).stdout);
      const p = probabilities[k]!;
      assert.equal(p.indexOf(Math.max(...p)), expected.predicted);
      p.forEach((v, c) => assert.ok(Math.abs(v - expected.probabilities[c]) < 1e-5, `CIFAR image ${index}, class ${c}: ${v} vs ${expected.probabilities[c]}`));
    }
  });

  await t.test("a dense CIFAR-10 run: its units' 3,072 weights as 32×32 RGB tiles (still data-unit), and no digit to draw", async () => {
    await page.goto(at('/run?id=3'));
    await page.waitForSelector('#tiles[data-kind="units"][data-epoch="1"] canvas.tile[data-unit="3"]');
    assert.equal(await page.$$eval('#tiles canvas.tile', (cs) => cs.length), 4);
    const w = stored(3, 1, 'w1');
    const max = Math.max(...Array.from(w, Math.abs));
    const tile = await tilePixels('#tiles canvas.tile[data-unit="1"]');
    assert.deepEqual([tile.width, tile.height, tile.title], [32, 32, 'unit 1']);
    const level = (v: number) => Math.round(128 + 127 * (v / max));
    const expected = Array.from({ length: 1024 }, (_, i) => [level(w[3072 + i]!), level(w[3072 + 1024 + i]!), level(w[3072 + 2048 + i]!), 255]).flat();
    assert.deepEqual(tile.rgba, expected);
    await page.waitForSelector('#norms[data-kind="units"] canvas.spark[data-unit="3"]');
    assert.match((await page.textContent('#draw-note')) ?? '', /CIFAR-10/);
    assert.equal(await page.$('#draw'), null);
  });

  sql.close();
  assert.deepEqual(problems, [], 'no page errors, no CSP violations');
});
