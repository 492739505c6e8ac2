// Follows a running build on its page without reloading it: a timed refresh (<meta http-equiv="refresh">)
// would take a screen reader back to the top of the page every 2 seconds (WCAG 2.2.1, timing adjustable).
// The page is fetched again and its progress copied over; once the build has finished, the page is
// loaded once more to show the result (the pack to download, or why the build failed).
const box = document.getElementById('build-progress')
const every = 2000

async function follow () {
  let next = null
  try {
    const response = await fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store' })
    if (response.ok) {
      next = new DOMParser().parseFromString(await response.text(), 'text/html')
    }
  } catch (error) {
    // no answer (the server restarting?): ask again at the next turn
  }
  if (next && !next.getElementById('build-progress')) {
    window.location.reload()
    return
  }
  if (next) {
    for (const id of ['build-status', 'progress-text']) {
      const now = next.getElementById(id)
      const shown = document.getElementById(id)
      if (now && shown && shown.textContent !== now.textContent) {
        shown.textContent = now.textContent
      }
    }
    const bar = next.getElementById('progress-bar')
    const shownBar = document.getElementById('progress-bar')
    if (bar && shownBar) {
      shownBar.max = bar.max
      shownBar.value = bar.value
    }
  }
  window.setTimeout(follow, every)
}

if (box) {
  window.setTimeout(follow, every)
}
