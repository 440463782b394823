/* Applies the reader's colour and text-size choices before the page paints (settings on /about). */
(function () {
  'use strict';
  try {
    var root = document.documentElement;
    var theme = localStorage.getItem('broadsheet.theme');
    var size = localStorage.getItem('broadsheet.size');
    if (theme === 'light' || theme === 'dark') { root.setAttribute('data-theme', theme); }
    if (size === 'large' || size === 'larger') { root.setAttribute('data-size', size); }
  } catch (e) {
    /* Storage may be disabled; the defaults apply. */
  }
}());
