/**
 * Keeps keyboard focus somewhere sensible when a row disappears (after "Remove" and a refresh, the
 * button that had focus is gone and the browser drops focus to <body>, sending keyboard and screen
 * reader users back to the top of the page).
 *
 * Call it when the removal succeeded, before refreshing. Rows are elements with `data-row-key`
 * (DataTable rows, or list items that set it); their primary action carries `data-row-action`.
 * Once the row with `rowKey` has left the page, focus moves to the next row's action, else the
 * previous row's, else the element `fallbackId` (the list's heading; made focusable if it is not).
 * Nothing moves if focus is already somewhere else on purpose. Returns a cancel function.
 */
export function focusAfterRowRemoval(rowKey: string, fallbackId: string, timeoutMs = 10_000): () => void {
  const rowSelector = (key: string) => `[data-row-key="${CSS.escape(key)}"]`;
  const row = document.querySelector(rowSelector(rowKey));
  const candidates: string[] = [];
  for (let el = row?.nextElementSibling; el; el = el.nextElementSibling) {
    const key = el.getAttribute("data-row-key");
    if (key) candidates.push(key);
  }
  for (let el = row?.previousElementSibling; el; el = el.previousElementSibling) {
    const key = el.getAttribute("data-row-key");
    if (key) candidates.push(key);
  }

  const deadline = performance.now() + timeoutMs;
  let frame = 0;
  const tick = () => {
    if (document.querySelector(rowSelector(rowKey))) {
      if (performance.now() < deadline) frame = requestAnimationFrame(tick);
      return;
    }
    const active = document.activeElement;
    const focusLost = !active || active === document.body || !active.isConnected;
    if (!focusLost) return;
    for (const key of candidates) {
      const next = document.querySelector<HTMLElement>(`${rowSelector(key)} [data-row-action]`);
      if (next) {
        next.focus();
        return;
      }
    }
    const fallback = document.getElementById(fallbackId);
    if (fallback) {
      if (fallback.tabIndex < 0 && !fallback.hasAttribute("tabindex")) fallback.setAttribute("tabindex", "-1");
      fallback.focus();
    }
  };
  frame = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(frame);
}
