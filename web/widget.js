/*
 * 营商环境政策问答 widget. Paste on any site:
 *   <script src="http://HOST/widget.js" data-title="政策问答" data-color="#1d4f91" data-position="right"
 *           data-welcome="您好，请问有什么可以帮您？" async></script>
 * It adds one element, <policy-qa-widget>, holding a floating button and, once opened, the chat in an
 * iframe served by HOST. The button lives in a shadow root with inherited styles reset, so the host page's
 * CSS cannot reach it, and the script reads or changes nothing else on the page.
 * Options also via `window.PolicyQA.init({ title, color, position, welcome, server, open })`, or an object
 * `window.PolicyQA = {...}` set before the script loads. `data-auto="false"` waits for init().
 */
(function () {
  'use strict';
  if (window.PolicyQA && typeof window.PolicyQA.init === 'function') return;

  var DEFAULTS = { title: '政策问答', color: '#1d4f91', position: 'right', welcome: '', server: '', open: false };
  var COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
  var SVG = 'http://www.w3.org/2000/svg';

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var preset = window.PolicyQA && typeof window.PolicyQA === 'object' ? window.PolicyQA : {};
  var instance = null;

  /** Each option's check: a value that fails it is ignored, so it can never reach CSS or a URL. */
  var CHECKS = {
    title: function (value) { return typeof value === 'string' && value.trim() ? value.trim().slice(0, 40) : undefined; },
    color: function (value) { return typeof value === 'string' && COLOR.test(value.trim()) ? value.trim() : undefined; },
    position: function (value) { return value === 'left' || value === 'right' ? value : undefined; },
    welcome: function (value) { return typeof value === 'string' && value.trim() ? value.trim().slice(0, 300) : undefined; },
    server: function (value) {
      try {
        return value ? new URL(String(value), location.href).origin : undefined;
      } catch (error) {
        return undefined;
      }
    },
    open: function (value) { return value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined; },
  };

  /** Defaults, then each source in turn; later sources win, invalid values are skipped. */
  function merge(sources) {
    var options = { title: DEFAULTS.title, color: DEFAULTS.color, position: DEFAULTS.position, welcome: DEFAULTS.welcome, server: scriptOrigin, open: false };
    sources.forEach(function (source) {
      Object.keys(CHECKS).forEach(function (key) {
        var value = CHECKS[key](source[key]);
        if (value !== undefined) options[key] = value;
      });
    });
    return options;
  }

  function fromScript() {
    if (!script) return {};
    var data = script.dataset;
    return { title: data.title, color: data.color, position: data.position, welcome: data.welcome, server: data.server, open: data.open };
  }

  function svgIcon(paths) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '26');
    svg.setAttribute('height', '26');
    svg.setAttribute('fill', 'none');
    svg.setAttribute('stroke', 'currentColor');
    svg.setAttribute('stroke-width', '2');
    svg.setAttribute('stroke-linecap', 'round');
    svg.setAttribute('stroke-linejoin', 'round');
    svg.setAttribute('aria-hidden', 'true');
    paths.forEach(function (d) {
      var path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', d);
      svg.appendChild(path);
    });
    return svg;
  }

  function styles(options) {
    var side = options.position === 'left' ? 'left' : 'right';
    return [
      ':host { all: initial; }',
      '.launcher { position: fixed; bottom: 20px; ' + side + ': 20px; z-index: 2147483000; display: flex; align-items: center; gap: 8px;',
      '  height: 56px; padding: 0 20px 0 16px; border: 0; border-radius: 28px; cursor: pointer; color: #fff; background: ' + options.color + ';',
      '  box-shadow: 0 6px 20px rgba(16, 36, 64, .28); font: 600 15px/1 "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; letter-spacing: .03em; }',
      '.launcher:hover { filter: brightness(1.08); }',
      '.launcher:focus-visible { outline: 3px solid #fff; box-shadow: 0 0 0 6px ' + options.color + '; }',
      '.launcher .close { display: none; }',
      '.launcher[aria-expanded="true"] { width: 56px; padding: 0; justify-content: center; }',
      '.launcher[aria-expanded="true"] .chat, .launcher[aria-expanded="true"] .label { display: none; }',
      '.launcher[aria-expanded="true"] .close { display: block; }',
      '.frame { position: fixed; bottom: 88px; ' + side + ': 20px; z-index: 2147483000; width: 390px; height: min(640px, calc(100vh - 112px));',
      '  border-radius: 14px; overflow: hidden; background: #fff; box-shadow: 0 12px 40px rgba(16, 36, 64, .28); border: 1px solid rgba(16, 36, 64, .12); }',
      '.frame[hidden] { display: none; }',
      'iframe { display: block; width: 100%; height: 100%; border: 0; }',
      '@media (max-width: 480px) {',
      '  .frame { inset: 0; width: 100%; height: 100%; border-radius: 0; border: 0; }',
      '  .launcher { bottom: 14px; ' + side + ': 14px; }',
      '  .launcher[aria-expanded="true"] { display: none; }',
      '}',
    ].join('\n');
  }

  function create(options) {
    var host = document.createElement('policy-qa-widget');
    // Inline !important wins over any rule of the host page that might hide or move the element.
    host.style.cssText = 'all: initial !important; display: block !important; position: static !important; visibility: visible !important; opacity: 1 !important;';
    var root = host.attachShadow({ mode: 'open' });
    var style = document.createElement('style');
    style.textContent = styles(options);
    var launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.className = 'launcher';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-controls', 'policy-qa-frame');
    launcher.setAttribute('aria-label', '打开' + options.title);
    launcher.title = options.title;
    var chatIcon = svgIcon(['M4 5h16v11H9l-5 4z', 'M8 9.5h8', 'M8 12.5h5']);
    chatIcon.setAttribute('class', 'chat');
    var closeIcon = svgIcon(['M6 6l12 12', 'M18 6L6 18']);
    closeIcon.setAttribute('class', 'close');
    var label = document.createElement('span');
    label.className = 'label';
    label.textContent = options.title;
    launcher.append(chatIcon, label, closeIcon);
    var frame = document.createElement('div');
    frame.className = 'frame';
    frame.id = 'policy-qa-frame';
    frame.hidden = true;
    frame.setAttribute('role', 'dialog');
    frame.setAttribute('aria-label', options.title);
    root.append(style, frame, launcher);
    var iframe = null;

    function frameUrl() {
      var url = new URL('/index.html', options.server);
      url.searchParams.set('embed', '1');
      url.searchParams.set('title', options.title);
      url.searchParams.set('color', options.color);
      if (options.welcome) url.searchParams.set('welcome', options.welcome);
      return url.href;
    }

    function open() {
      if (!iframe) {
        // Made on first open, so a page that never opens the chat loads nothing more than this script.
        iframe = document.createElement('iframe');
        iframe.src = frameUrl();
        iframe.title = options.title;
        iframe.setAttribute('allow', 'clipboard-write');
        iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups');
        iframe.addEventListener('load', function () { if (!frame.hidden) tellOpened(); });
        frame.appendChild(iframe);
      }
      frame.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      launcher.setAttribute('aria-label', '关闭' + options.title);
      iframe.focus();
      tellOpened();
    }

    function tellOpened() {
      if (iframe && iframe.contentWindow) iframe.contentWindow.postMessage({ type: 'policy-qa:opened' }, options.server);
    }

    function close() {
      if (frame.hidden) return;
      frame.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.setAttribute('aria-label', '打开' + options.title);
      launcher.focus();
    }

    function onMessage(event) {
      if (!iframe || event.source !== iframe.contentWindow || event.origin !== options.server) return;
      if (event.data && event.data.type === 'policy-qa:close') close();
    }

    launcher.addEventListener('click', function () { if (frame.hidden) open(); else close(); });
    window.addEventListener('message', onMessage);
    (document.body || document.documentElement).appendChild(host);
    if (options.open) open();

    return {
      open: open,
      close: close,
      toggle: function () { if (frame.hidden) open(); else close(); },
      destroy: function () {
        window.removeEventListener('message', onMessage);
        host.remove();
      },
    };
  }

  function init(overrides) {
    if (instance) instance.destroy();
    instance = create(merge([preset, fromScript(), overrides || {}]));
    return api;
  }

  function whenBodyReady(run) {
    if (document.body) run();
    else document.addEventListener('DOMContentLoaded', run, { once: true });
  }

  var api = {
    version: '1',
    init: function (overrides) { whenBodyReady(function () { init(overrides); }); return api; },
    open: function () { if (instance) instance.open(); },
    close: function () { if (instance) instance.close(); },
    toggle: function () { if (instance) instance.toggle(); },
    destroy: function () { if (instance) instance.destroy(); instance = null; },
  };
  window.PolicyQA = api;

  if (!(script && script.dataset.auto === 'false') && preset.auto !== false) whenBodyReady(function () { if (!instance) init(); });
})();
