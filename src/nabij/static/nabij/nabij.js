// Keyboard shortcuts for staff pages. Everything works without this file; it only saves keystrokes.
// An element with data-shortcut="/" gets focus when that key is pressed outside a text field
// ("c" on the tenant 360: the first category chip of the quick-log form).
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  const field = document.querySelector(`[data-shortcut="${CSS.escape(event.key)}"]`);
  if (field) {
    event.preventDefault();
    // A shortcut may point into a closed <details> (a folded panel): open it first.
    for (let d = field.closest("details:not([open])"); d; d = d.parentElement.closest("details:not([open])")) d.open = true;
    field.focus();
    if (field.select) field.select();
  }
});
