/*
 * check.js — renders bloc check's page from the JSON bloc embeds
 * (script#bloc-data): the article as its sentences (headings as headings),
 * each claim marked in place by its character offsets with its verdict's
 * colour and a numbered reference to its row below; a chart of the
 * verdicts; then every claim with what was claimed, what was found, why,
 * the evidence and the commands that reproduce it. Text goes in with
 * textContent, never as HTML. For tests: body[data-charts], body[data-
 * errors], body[data-marks] (claims marked), body[data-done].
 */
(function () {
  'use strict';
  var body = document.body;
  window.addEventListener('error', function () {
    body.dataset.errors = String(Number(body.dataset.errors || 0) + 1);
  });
  var data = JSON.parse(document.getElementById('bloc-data').textContent);
  var verdicts = ['supported', 'close', 'partly', 'contradicted', 'not testable', 'no data'];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function section(id) { return document.querySelector('#' + id + ' .content'); }
  function vclass(v) { return 'v-' + String(v || '').replace(/ /g, '-'); }

  var claims = data.claims || [];
  /* characters, not UTF-16 units: the offsets count code points */
  var chars = Array.from(data.article.text);
  document.getElementById('title').textContent = 'bloc check: ' + data.article.path;
  document.getElementById('subtitle').textContent = 'dated ' + data.article.date + ' · ' +
      claims.length + ' claims in ' + data.article.sentences.length + ' sentences · ' + (data.command || '');

  /* the verdicts, counted */
  (function () {
    var s = section('summary'), counts = verdicts.map(function (v) {
      return claims.filter(function (c) { return c.verdict === v; }).length;
    });
    var div = el('div', {'class': 'chart small'});
    s.appendChild(div);
    var c = echarts.init(div, null, {renderer: 'svg'});
    c.setOption({animation: false, grid: {left: 100, right: 20, top: 10, bottom: 30},
                 xAxis: {type: 'value', minInterval: 1}, yAxis: {type: 'category', data: verdicts, inverse: true},
                 series: [{type: 'bar', data: counts, label: {show: true, position: 'right'}}]});
    if (div.querySelector('svg')) {
      div.dataset.rendered = '1';
      body.dataset.charts = String(Number(body.dataset.charts) + 1);
    }
    (data.notes || []).forEach(function (n) { s.appendChild(el('p', {'class': 'note'}, n)); });
  })();

  /* the article: sentences in order, claims marked where they stand */
  (function () {
    var s = section('article'), box = el('div', {'class': 'article'}), p = null, marks = 0;
    s.appendChild(box);
    var bySentence = {};
    claims.forEach(function (c, i) {
      (bySentence[c.sentence] = bySentence[c.sentence] || []).push(i);
    });
    data.article.sentences.forEach(function (sn, k) {
      var target;
      if (sn.block === 'heading') {
        target = el('h3');
        box.appendChild(target);
        p = null;
      } else if (sn.block === 'link') {
        return; /* a table of contents entry */
      } else {
        if (!p) { p = el('p'); box.appendChild(p); }
        target = p;
        target.appendChild(document.createTextNode(' '));
      }
      var list = (bySentence[k + 1] || []).slice().sort(function (a, b) { return claims[a].start - claims[b].start; });
      var at = sn.start;
      var open = null, openEnd = -1;
      list.forEach(function (i) {
        var c = claims[i];
        var ref = el('sup', {'class': 'claim-ref'});
        ref.appendChild(el('a', {href: '#claim-' + (i + 1), title: c.verdict + ': ' + c.claim}, '[' + (i + 1) + ']'));
        if (open && c.start < openEnd) { /* inside the mark before: its reference joins that one */
          open.parentNode.insertBefore(ref, open.nextSibling);
          return;
        }
        var start = Math.max(c.start, at), end = Math.max(c.end, start);
        target.appendChild(document.createTextNode(chars.slice(at, start).join('')));
        var m = el('mark', {'class': 'claim ' + vclass(c.verdict), id: 'mark-' + (i + 1),
                            title: c.verdict + ': ' + c.claim}, chars.slice(start, end).join(''));
        target.appendChild(m);
        target.appendChild(ref);
        marks++;
        open = ref;
        openEnd = end;
        at = end;
      });
      target.appendChild(document.createTextNode(chars.slice(at, sn.end).join('')));
    });
    body.dataset.marks = String(marks);
  })();

  /* every claim */
  (function () {
    var s = section('claims');
    claims.forEach(function (c, i) {
      var d = el('div', {'class': 'claim-row', id: 'claim-' + (i + 1)});
      var h = el('h3');
      h.appendChild(el('span', null, '[' + (i + 1) + '] '));
      h.appendChild(el('span', {'class': 'verdict ' + vclass(c.verdict)}, c.verdict));
      h.appendChild(el('span', null, ' ' + c.kind + ': ' + c.claim));
      d.appendChild(h);
      d.appendChild(el('p', {'class': 'note'}, 'sentence ' + c.sentence + ': “' + c.quote + '”'));
      var t = el('table');
      [['channel', c.channel], ['claimed', c.claimed], ['found', c.found], ['why', c.reason],
       ['evidence', c.evidence]].forEach(function (r) {
        if (r[1] === null || r[1] === undefined || r[1] === '') return;
        var tr = el('tr');
        tr.appendChild(el('th', null, r[0]));
        tr.appendChild(el('td', null, r[1]));
        t.appendChild(tr);
      });
      d.appendChild(t);
      (c.command ? String(c.command).split('; ') : []).forEach(function (line) {
        d.appendChild(el('div', {'class': 'cmd', title: 'reproduces this figure'}, line));
      });
      s.appendChild(d);
    });
  })();
  body.dataset.done = '1';
})();
