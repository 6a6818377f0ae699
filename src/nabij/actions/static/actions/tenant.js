// Tenant pages work without this file. It only stops an impatient double tap from sending the form twice
// (the server would answer "we hebben je verzoek al" anyway) and shows that the tap was received.
// It never submits anything by itself: loading the page registers nothing.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("[data-one-tap]")) return;
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  const button = event.submitter;
  if (button) button.setAttribute("aria-busy", "true");
});
