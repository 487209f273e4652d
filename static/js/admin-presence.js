/* The event change page tells the server when the editor leaves it without saving, so other
 * editors opening the event are no longer warned that this one is editing it
 * (events.editorial.presence). A save clears it on the server; this covers leaving.
 */
"use strict";
(function () {
    const script = document.getElementById("presence-script");
    const form = document.getElementById("event_form");
    if (!script || !form) {
        return;
    }
    let saving = false;
    form.addEventListener("submit", () => { saving = true; });
    window.addEventListener("pagehide", () => {
        const token = form.querySelector("input[name=csrfmiddlewaretoken]");
        if (saving || !token) {
            return;
        }
        const data = new FormData();
        data.append("csrfmiddlewaretoken", token.value);
        navigator.sendBeacon(script.dataset.leftUrl, data);
    });
})();
