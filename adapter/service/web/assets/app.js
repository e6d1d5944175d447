// Review pages: progressive enhancement only - every form works without JavaScript.
(function () {
  'use strict';
  // The amendment fields apply to "Amend" only: disable them while "Confirm" is chosen, so a
  // confirmation cannot carry a stray value (the server refuses that combination anyway).
  function syncAmendFields(form) {
    var amend = form.querySelector('input[name="decision"][value="amend"]');
    var confirm = form.querySelector('input[name="decision"][value="confirm"]');
    var disabled = !!(confirm && confirm.checked);
    form.querySelectorAll('fieldset.amend').forEach(function (fs) {
      fs.disabled = disabled;
      if (disabled) fs.querySelectorAll('select').forEach(function (s) { s.value = ''; });
    });
    if (amend) amend.setAttribute('aria-controls', 'comment');
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.review form').forEach(function (form) {
      form.querySelectorAll('input[name="decision"]').forEach(function (r) {
        r.addEventListener('change', function () { syncAmendFields(form); });
      });
      syncAmendFields(form);
    });
    // A refused submission: move focus to the error summary so screen readers announce it.
    var errors = document.getElementById('form-errors');
    if (errors) errors.focus();
  });
})();
