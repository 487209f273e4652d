/* Django's two-list permission and group pickers (SelectFilter2.js) draw a magnifier icon as
 * a <span> with an aria-label, which a span without a role may not carry (axe-core:
 * aria-prohibited-attr): given the role of an image, the label names it. The pickers are drawn
 * once the page has loaded, so icons are named as they appear.
 */
"use strict";
(function () {
    function nameIcons(root) {
        root.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
            icon.setAttribute("role", "img");
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        nameIcons(document);
        new MutationObserver(() => nameIcons(document)).observe(document.body, {
            childList: true,
            subtree: true,
        });
    });
})();
