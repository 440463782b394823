/* Progressive enhancements: every page works without this file.
   - relative times ("10 minutes ago") kept current, exact times in the reader's time zone
   - keyboard navigation: j/k through lists, / to search, g h for the front page
   - reading settings (/about), share and copy buttons, the install button
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

  refreshTimes();
  setInterval(refreshTimes, 30000);
  document.addEventListener('keydown', onKey);
  setupSettings();
  setupShare();
  setupInstall();
  registerWorker();
}());
