// The application form shows the fields of the applicant's kind: a citizen's ID, or an
// organisation's code and contact person; the required marks follow. Without script every field
// stays shown and the server says what is missing.
(function () {
  "use strict";
  var form = document.getElementById("apply-form");
  if (!form) return;
  var kind = form.querySelector("[name=applicant_kind]");
  if (!kind) return;
  var PERSON = ["id_type", "id_number"];
  var ORGANISATION = ["org_code", "contact_person"];

  function show(name, visible, required) {
    var row = form.querySelector('[data-field="' + name + '"]');
    var input = form.querySelector('[name="' + name + '"]');
    if (!row || !input) return;
    row.hidden = !visible;
    var mark = row.querySelector(".req");  // the * follows what the chosen kind requires
    if (mark) mark.hidden = !(visible && required);
    input.required = visible && required;
    input.setAttribute("aria-required", visible && required ? "true" : "false");
  }

  function update() {
    var person = kind.value === "natural";
    var chosen = kind.value !== "";
    PERSON.forEach(function (n) { show(n, !chosen || person, n === "id_number" && person); });
    ORGANISATION.forEach(function (n) { show(n, !chosen || !person, n === "org_code" && chosen && !person); });
  }
  kind.addEventListener("change", update);
  update();
})();
