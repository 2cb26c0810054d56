// The record page's "Copy link" buttons (a script file: the CSP allows no inline script).
// navigator.clipboard exists only on https and localhost; on a school network over plain http
// the fallback selects the link's text so the IC can copy it by hand.
const copied = "Copied: paste it into an email or a message.";

function select(box) {
  const range = document.createRange();
  range.selectNodeContents(box);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

for (const button of document.querySelectorAll("[data-copy]")) {
  const box = document.getElementById(button.dataset.copy);
  const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(box.textContent.trim());
      status.textContent = copied;
    } catch {  // no clipboard here (plain http), or the browser said no
      select(box);
      let done = false;
      try { done = document.execCommand("copy"); } catch { done = false; }
      status.textContent = done ? copied : "The link is selected: press Ctrl+C (on a phone, tap Copy) to copy it.";
    }
  });
}
