// Keyboard shortcuts for staff pages. Everything works without this file; it only saves keystrokes.
// An element with data-shortcut="/" gets focus when that key is pressed outside a text field.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  const field = document.querySelector(`[data-shortcut="${CSS.escape(event.key)}"]`);
  if (field) {
    event.preventDefault();
    field.focus();
    if (field.select) field.select();
  }
});
