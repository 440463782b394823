/* Progressive enhancements: every page works without this file.
   - relative times ("10 minutes ago") kept current, exact times in the reader's time zone
   - keyboard navigation: j/k through lists, / to search, g h for the front page
   - reading settings (/about), share and copy buttons, the install button
   - the AI panel: cited sentences light up in the text; answers to questions stream in
   - service worker registration (offline reading) */
(function () {
  'use strict';

  var MINUTE = 60, HOUR = 3600, DAY = 86400;
  var exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
  var shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

  function units(n, unit) { return n + ' ' + unit + (n === 1 ? '' : 's'); }
  function plural(n, unit) { return units(n, unit) + ' ago'; }

  function ahead(seconds, when) {
    if (seconds < HOUR) { return 'in ' + units(Math.floor(seconds / MINUTE), 'minute'); }
    if (seconds < DAY) { return 'in ' + units(Math.floor(seconds / HOUR), 'hour'); }
    var days = Math.floor(seconds / DAY);
    if (days === 1) { return 'tomorrow'; }
    if (days < 7) { return 'in ' + days + ' days'; }
    return shortDate.format(when);
  }

  /* The same rules as broadsheet/web/timefmt.py, in the reader's time zone. */
  function relative(when, now) {
    var seconds = (now - when) / 1000;
    if (seconds < -MINUTE) { return ahead(-seconds, when); }
    if (seconds < MINUTE) { return 'just now'; }
    if (seconds < HOUR) { return plural(Math.floor(seconds / MINUTE), 'minute'); }
    if (seconds < DAY) { return plural(Math.floor(seconds / HOUR), 'hour'); }
    var days = Math.floor(seconds / DAY);
    if (days === 1) { return 'yesterday'; }
    if (days < 7) { return days + ' days ago'; }
    return shortDate.format(when);
  }

  function refreshTimes() {
    var now = Date.now();
    var nodes = document.querySelectorAll('time[data-relative]');
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var when = new Date(node.getAttribute('datetime'));
      if (isNaN(when.getTime())) { continue; }
      var text = relative(when, now);
      if (node.textContent !== text) { node.textContent = text; }
      var full = exact.format(when);
      if (node.title !== full) { node.title = full; }
    }
  }

  /* j / k move through the items of a list; / focuses search; g then h goes home. */
  var pendingG = false;
  function navItems() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-nav-item] a[href]'))
      .filter(function (a) { return !a.closest('.meta'); });
  }
  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) { return; }
    if (event.key === '/') {
      var box = document.querySelector('[data-search-input]');
      if (box) { event.preventDefault(); box.focus(); box.select(); }
      return;
    }
    if (pendingG) {
      pendingG = false;
      if (event.key === 'h') { window.location.href = '/'; }
      return;
    }
    if (event.key === 'g') { pendingG = true; setTimeout(function () { pendingG = false; }, 1000); return; }
    if (event.key !== 'j' && event.key !== 'k') { return; }
    var items = navItems();
    if (!items.length) { return; }
    var index = items.indexOf(document.activeElement);
    var next = event.key === 'j' ? index + 1 : index - 1;
    if (index === -1) { next = event.key === 'j' ? 0 : items.length - 1; }
    next = Math.max(0, Math.min(items.length - 1, next));
    event.preventDefault();
    items[next].focus();
    items[next].scrollIntoView({ block: 'nearest' });
  }

  function setupSettings() {
    var form = document.querySelector('[data-settings]');
    if (!form) { return; }
    var root = document.documentElement;
    var status = form.querySelector('[data-settings-status]');
    var saved = { theme: 'system', size: 'normal' };
    try {
      saved.theme = localStorage.getItem('broadsheet.theme') || 'system';
      saved.size = localStorage.getItem('broadsheet.size') || 'normal';
    } catch (e) { /* keep defaults */ }
    ['theme', 'size'].forEach(function (name) {
      var input = form.querySelector('input[name="' + name + '"][value="' + saved[name] + '"]');
      if (input) { input.checked = true; }
    });
    if (status) { status.textContent = 'Saved in this browser.'; }
    form.addEventListener('change', function (event) {
      var input = event.target;
      var attr = input.name === 'theme' ? 'data-theme' : 'data-size';
      var plain = input.name === 'theme' ? 'system' : 'normal';
      try { localStorage.setItem('broadsheet.' + input.name, input.value); } catch (e) { /* not kept */ }
      if (input.value === plain) { root.removeAttribute(attr); } else { root.setAttribute(attr, input.value); }
      if (status) { status.textContent = 'Saved.'; }
    });
    form.addEventListener('submit', function (event) { event.preventDefault(); });
  }

  function setupShare() {
    var share = document.querySelector('[data-share]');
    if (share && navigator.share) {
      share.hidden = false;
      share.addEventListener('click', function () {
        navigator.share({ title: share.getAttribute('data-title'), url: share.getAttribute('data-url') })
          .catch(function () { /* the reader closed the share sheet */ });
      });
    }
    var copy = document.querySelector('[data-copy]');
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(copy.getAttribute('data-copy')).then(function () {
          copy.textContent = 'Link copied';
        }, function () { copy.textContent = 'Could not copy'; });
      });
    }
  }

  function setupInstall() {
    var deferred = null;
    window.addEventListener('beforeinstallprompt', function (event) {
      event.preventDefault();
      deferred = event;
      var buttons = document.querySelectorAll('[data-install]');
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].hidden = false;
        buttons[i].addEventListener('click', function () {
          if (!deferred) { return; }
          deferred.prompt();
          deferred = null;
        });
      }
      var hints = document.querySelectorAll('[data-install-hint]');
      for (var j = 0; j < hints.length; j++) { hints[j].hidden = true; }
    });
  }

  function registerWorker() {
    if (!('serviceWorker' in navigator)) { return; }
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function (error) {
      console.warn('offline reading is unavailable:', error);
    });
  }

  /* The AI panel's sources: each summary sentence, key point and answer cites article
     sentences (data-sources="3 7"); the article marks them (data-s="3", see
     web/sentencemarks.py). Hover or focus lights them up; a click keeps them lit. */
  function indicesOf(node) {
    return (node.getAttribute('data-sources') || '').split(/\s+/).filter(function (n) {
      return /^\d+$/.test(n);
    });
  }

  function light(indices, name) {
    var body = document.querySelector('.story-body');
    if (!body) { return []; }
    var old = body.querySelectorAll('.' + name);
    for (var i = 0; i < old.length; i++) { old[i].classList.remove(name); }
    var found = [];
    indices.forEach(function (n) {
      var nodes = body.querySelectorAll('[data-s~="' + n + '"]');
      for (var j = 0; j < nodes.length; j++) { nodes[j].classList.add(name); found.push(nodes[j]); }
    });
    return found;
  }

  function citing(target) {
    return target && target.closest ? target.closest('.ai-panel [data-sources]') : null;
  }

  function setupSources() {
    if (!document.querySelector('.story-body [data-s]')) { return; }
    function hover(event) {
      var item = citing(event.target);
      light(item ? indicesOf(item) : [], 'sent-hover');
    }
    document.addEventListener('mouseover', hover);
    document.addEventListener('focusin', hover);
    document.addEventListener('click', function (event) {
      var item = citing(event.target);
      if (!item) { return; }
      var previous = document.querySelectorAll('.ai-panel .cite-active');
      for (var i = 0; i < previous.length; i++) { previous[i].classList.remove('cite-active'); }
      item.classList.add('cite-active');
      var found = light(indicesOf(item), 'sent-lit');
      /* A link scrolls to the first sentence by itself (#s-N); elsewhere, scroll here. */
      if (found.length && !event.target.closest('a')) {
        found[0].scrollIntoView({ block: 'center' });
      }
    });
  }

  /* Ask about this article: the answer streams in (server-sent events, read with fetch)
     and its sources light up in the text. Without fetch streams the form is a plain GET. */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function sourceLinks(indices) {
    var line = element('p', 'meta answer-sources');
    if (!indices.length) { return line; }
    line.appendChild(document.createTextNode('From the article: '));
    indices.forEach(function (n, k) {
      if (k) { line.appendChild(document.createTextNode(', ')); }
      var link = element('a', '', 'sentence ' + (Number(n) + 1));
      link.href = '#s-' + n;
      line.appendChild(link);
    });
    return line;
  }

  function parseEvent(block) {
    var name = 'message', data = '';
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) { name = line.slice(6).trim(); }
      else if (line.indexOf('data:') === 0) { data += line.slice(5).trim(); }
    });
    try { return { name: name, data: data ? JSON.parse(data) : {} }; } catch (e) { return null; }
  }

  function setupAsk() {
    var form = document.querySelector('form[data-ask-stream]');
    var out = document.querySelector('[data-answer]');
    if (!form || !out || !window.fetch || !window.TextDecoder || !window.ReadableStream) { return; }
    var box = form.querySelector('input[name="q"]');
    var controller = null;

    form.addEventListener('submit', function (event) {
      var question = box.value.trim();
      if (!question) { return; }
      event.preventDefault();
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      out.hidden = false;
      out.textContent = '';
      out.setAttribute('aria-busy', 'true');
      out.removeAttribute('data-sources');
      var heading = element('h3', '', 'Looking in the article…');
      var said = element('p', 'answer-text');
      said.setAttribute('dir', 'auto');
      out.appendChild(heading);
      out.appendChild(said);
      var cited = [];

      function handle(ev) {
        var data = ev.data;
        if (ev.name === 'start') {
          heading.textContent = data.backend === 'llm' ? 'Asking ' + (data.model || 'the model') + '…' : 'Looking in the article…';
        } else if (ev.name === 'token') {
          // The model's raw text is never shown: only sentences checked against the article.
          heading.textContent = 'Checking each sentence against the article…';
        } else if (ev.name === 'sentence' && data.grounded) {
          said.appendChild(document.createTextNode((said.textContent ? ' ' : '') + data.text));
          data.sources.forEach(function (n) { if (cited.indexOf(String(n)) < 0) { cited.push(String(n)); } });
          light(cited, 'sent-lit');
        } else if (ev.name === 'done') {
          finish(data);
        }
      }

      function finish(data) {
        heading.textContent = data.answered ? 'Answer' : 'The article does not answer this';
        said.textContent = data.text;
        var indices = data.sources.map(String);
        out.setAttribute('data-sources', indices.join(' '));
        out.appendChild(sourceLinks(indices));
        if (data.notice) { out.appendChild(element('p', 'meta answer-notice', data.notice)); }
        out.setAttribute('aria-busy', 'false');
        light(indices, 'sent-lit');
      }

      function fail(message) {
        heading.textContent = 'No answer';
        said.textContent = message;
        out.setAttribute('aria-busy', 'false');
      }

      var url = form.getAttribute('data-ask-stream') + '?q=' + encodeURIComponent(question);
      fetch(url, { headers: { Accept: 'text/event-stream' }, signal: controller ? controller.signal : undefined })
        .then(function (response) {
          if (!response.ok) {
            var wait = response.headers.get('Retry-After');
            throw new Error(response.status === 429
              ? 'Too many questions; try again in ' + (wait || 'a few') + ' seconds.'
              : 'The question could not be answered (error ' + response.status + ').');
          }
          var reader = response.body.getReader();
          var decoder = new TextDecoder();
          var buffer = '';
          function pump() {
            return reader.read().then(function (chunk) {
              if (chunk.done) { return; }
              buffer += decoder.decode(chunk.value, { stream: true });
              var blocks = buffer.split('\n\n');
              buffer = blocks.pop();
              blocks.forEach(function (block) {
                var ev = parseEvent(block);
                if (ev) { handle(ev); }
              });
              return pump();
            });
          }
          return pump();
        })
        .catch(function (error) {
          if (error && error.name === 'AbortError') { return; }
          fail(error && error.message ? error.message : 'The question could not be answered.');
        });
    });
  }

  refreshTimes();
  setInterval(refreshTimes, 30000);
  document.addEventListener('keydown', onKey);
  setupSettings();
  setupShare();
  setupInstall();
  setupSources();
  setupAsk();
  registerWorker();
}());
