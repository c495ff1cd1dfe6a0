// Live refresh for the sandbox dashboard: every 2 s, fetch the page again and swap in the new
// <main> when it changed, unless focus is inside it (typing, or a keyboard user on a button).
// The pages work without it.
(function () {
  'use strict'
  if (!document.body || document.body.getAttribute('data-refresh') !== 'on' || !window.fetch || !window.DOMParser) return
  var busy = false
  function typing () {
    var el = document.activeElement
    var main = document.querySelector('main')
    return !!(el && el !== document.body && main && main.contains(el))
  }
  setInterval(function () {
    if (busy || document.hidden || typing()) return
    busy = true
    fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null })
      .then(function (html) {
        if (!html || typing()) return
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('main')
        var current = document.querySelector('main')
        if (fresh && current && fresh.innerHTML !== current.innerHTML) current.innerHTML = fresh.innerHTML
      })
      .catch(function () {})
      .then(function () { busy = false })
  }, 2000)
})()
