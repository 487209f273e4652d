/* On a phone the changelists fold into stacked rows (static/css/admin-desk.css): each cell
 * then shows its column's name before its value, read here from the table's own headings
 * (data-label), so every list gets it without a template of its own.
 */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("#result_list").forEach((table) => {
        const names = Array.from(table.querySelectorAll("thead th")).map(
            (th) => th.querySelector(".text")?.textContent.trim() || th.textContent.trim()
        );
        table.querySelectorAll("tbody tr").forEach((row) => {
            Array.from(row.children).forEach((cell, index) => {
                if (names[index] && !cell.classList.contains("action-checkbox")) {
                    cell.dataset.label = names[index];
                }
            });
        });
    });
});
