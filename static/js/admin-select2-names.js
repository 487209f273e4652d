/* select2 draws its own boxes beside the hidden <select> (the topics, a related link's
 * event), and they carry no name: a single box is labelled by its current value, empty when
 * nothing is chosen, and the topics' typing field by nothing at all. Each box and typing field
 * here takes the name of its <select>: its aria-label, or the text of its <label>. Boxes
 * drawn later (a related link row added) are named as they appear.
 *
 * An open box also says which list it controls (aria-controls, which select2 sets only on
 * the typing field), the typing field inside a single box's open list takes the box's name,
 * and the open list is drawn inside the page's <main> rather than at the end of <body>, so
 * it is within a landmark like the rest of the page. This script is deferred, so the default
 * is set before the admin starts its select2 boxes.
 */
"use strict";
(function () {
    function nameOf(select) {
        const given = select.getAttribute("aria-label");
        if (given) {
            return given;
        }
        const label = select.labels && select.labels[0];
        return label ? label.textContent.trim().replace(/:$/, "") : "";
    }

    function name(container) {
        const select = container.previousElementSibling;
        if (!select || select.tagName !== "SELECT") {
            return;
        }
        const text = nameOf(select);
        if (!text) {
            return;
        }
        container.querySelectorAll(".select2-selection, .select2-search__field").forEach((box) => {
            box.removeAttribute("aria-labelledby");
            box.setAttribute("aria-label", text);
        });
        container.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach((shown) => {
            shown.setAttribute("aria-label", text);
        });
    }

    function nameWithin(node) {
        if (node.nodeType !== Node.ELEMENT_NODE) {
            return;
        }
        if (node.matches(".select2-container")) {
            name(node);
        }
        node.querySelectorAll(".select2-container").forEach(name);
    }

    function listOf(box) {
        const search = box.querySelector(".select2-search__field");
        return (search && search.getAttribute("aria-controls")) || box.getAttribute("aria-owns");
    }

    function controlled(event, open) {
        const select = event.target;
        const container = select.nextElementSibling;
        const box = container && container.querySelector(".select2-selection");
        if (!box) {
            return;
        }
        // After select2's own handlers, which set the typing field's aria-controls.
        setTimeout(() => {
            const list = open && listOf(box);
            if (list) {
                box.setAttribute("aria-controls", list);
                // A single box types into a field in the open list, named like the box.
                const typing = document.querySelector(
                    ".select2-container--open .select2-search--dropdown .select2-search__field"
                );
                if (typing) {
                    typing.setAttribute("aria-label", nameOf(select));
                }
            } else {
                box.removeAttribute("aria-controls");
            }
        }, 0);
    }

    const $ = window.django && window.django.jQuery;
    const main = document.querySelector("main");
    if ($ && $.fn.select2 && main) {
        $.fn.select2.defaults.set("dropdownParent", $(main));
        $(document).on("select2:open", "select", (event) => controlled(event, true));
        $(document).on("select2:close", "select", (event) => controlled(event, false));
    }

    document.addEventListener("DOMContentLoaded", () => {
        nameWithin(document.body);
        new MutationObserver((changes) => {
            changes.forEach((change) => change.addedNodes.forEach(nameWithin));
        }).observe(document.body, {childList: true, subtree: true});
    });
})();
