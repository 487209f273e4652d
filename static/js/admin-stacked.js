/* On a phone the changelists, the revisions and an inline's rows fold into stacked rows
 * (static/css/admin-desk.css): each cell then shows its column's name before its value, read
 * here from the table's own headings (data-label), so every table gets it without a template
 * of its own. An inline's blank row carries the names too, so rows added from it have them.
 */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
    const tables = "#result_list, #revisions, .inline-group .tabular table";
    document.querySelectorAll(tables).forEach((table) => {
        const names = Array.from(table.querySelectorAll("thead th")).map(
            (th) => th.querySelector(".text")?.textContent.trim() || th.textContent.trim()
        );
        table.querySelectorAll("tbody tr").forEach((row) => {
            Array.from(row.children).forEach((cell, index) => {
                const own = cell.classList.contains("action-checkbox") || cell.classList.contains("original");
                if (names[index] && !own) {
                    cell.dataset.label = names[index];
                }
            });
        });
    });
});
