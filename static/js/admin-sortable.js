/* Drag-and-drop ordering in the admin, with "move up" and "move down" buttons for keyboards
 * (and, on a day's list of events, "move to top" and "move to bottom": one click, not 42).
 *
 * - Inline rows of a fieldset with the class "sortable-rows" (an event's sources and related
 *   links): after a move, their position inputs (input.row-position) are renumbered 0..n-1 in
 *   the order shown; a row added with "Add another" is numbered after the last.
 * - Items of a list with the class "sortable-list" (a day's events): the form sends their
 *   hidden inputs in the order shown.
 * The server renumbers again on save, so the order survives even without this script.
 */
"use strict";
(function () {
    function rowsOf(container) {
        if (container.matches(".sortable-list")) {
            return Array.from(container.children).filter((el) => el.matches("li"));
        }
        const group = container.closest(".inline-group");
        const selector = group.dataset.inlineType === "tabular"
            ? "tbody tr.form-row" : ".inline-related";
        return Array.from(group.querySelectorAll(selector)).filter(
            (row) => !row.classList.contains("empty-form") && row.id.match(/-\d+$/)
        );
    }

    function renumber(container) {
        rowsOf(container).forEach((row, index) => {
            const input = row.querySelector("input.row-position");
            if (input && String(input.value) !== String(index)) {
                input.value = index;
            }
        });
    }

    function numberAfterLast(container, newRow) {
        const numbers = rowsOf(container)
            .filter((row) => row !== newRow)
            .map((row) => parseInt(row.querySelector("input.row-position")?.value, 10))
            .filter((n) => !Number.isNaN(n));
        const input = newRow.querySelector("input.row-position");
        if (input) {
            input.value = numbers.length ? Math.max(...numbers) + 1 : 0;
        }
    }

    function moveToEnd(container, row, toTop) {
        const rows = rowsOf(container);
        const end = toTop ? rows[0] : rows[rows.length - 1];
        if (end !== row) {
            end.parentNode.insertBefore(row, toTop ? end : end.nextSibling);
            renumber(container);
        }
        row.querySelector(toTop ? ".move-top" : ".move-bottom")?.focus();
    }

    function move(container, row, offset) {
        const rows = rowsOf(container);
        const target = rows[rows.indexOf(row) + offset];
        if (!target) {
            return;
        }
        target.parentNode.insertBefore(row, offset < 0 ? target : target.nextSibling);
        renumber(container);
    }

    function button(label, text, onClick) {
        const el = document.createElement("button");
        el.type = "button";
        el.className = "button";
        el.textContent = text;
        el.title = label;
        el.setAttribute("aria-label", label);
        el.addEventListener("click", onClick);
        return el;
    }

    let dragged = null;

    function equip(container, row) {
        if (row.querySelector(".sort-handle")) {
            return;
        }
        const handle = document.createElement("span");
        handle.className = "sort-handle";
        handle.textContent = "\u2630";
        handle.title = "Drag to reorder";
        const moves = document.createElement("span");
        moves.className = "sort-moves";
        moves.append(
            button("Move up", "\u2191", () => move(container, row, -1)),
            button("Move down", "\u2193", () => move(container, row, 1))
        );
        if (container.matches(".sortable-list")) {
            const top = button("Move to top", "\u21a5", () => moveToEnd(container, row, true));
            const bottom = button("Move to bottom", "\u21a7", () => moveToEnd(container, row, false));
            top.classList.add("move-top");
            bottom.classList.add("move-bottom");
            moves.prepend(top);
            moves.append(bottom);
        }
        const place = row.querySelector("td.field-position, h3, .sort-place") || row;
        place.prepend(handle, moves);
        handle.addEventListener("mousedown", () => { row.draggable = true; });
        row.addEventListener("dragstart", (event) => {
            dragged = row;
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", row.id || "row");
        });
        row.addEventListener("dragend", () => {
            row.draggable = false;
            dragged = null;
            rowsOf(container).forEach((r) => r.classList.remove("sorting-over"));
        });
        row.addEventListener("dragover", (event) => {
            if (dragged && dragged !== row && rowsOf(container).includes(dragged)) {
                event.preventDefault();
                row.classList.add("sorting-over");
            }
        });
        row.addEventListener("dragleave", () => row.classList.remove("sorting-over"));
        row.addEventListener("drop", (event) => {
            if (!dragged || dragged === row) {
                return;
            }
            event.preventDefault();
            row.classList.remove("sorting-over");
            const rows = rowsOf(container);
            const before = rows.indexOf(dragged) > rows.indexOf(row);
            row.parentNode.insertBefore(dragged, before ? row : row.nextSibling);
            renumber(container);
        });
    }

    function start() {
        document.querySelectorAll("fieldset.sortable-rows, .sortable-list").forEach((container) => {
            rowsOf(container).forEach((row) => equip(container, row));
        });
    }

    document.addEventListener("formset:added", (event) => {
        const row = event.target;
        const group = row.closest(".inline-group");
        const container = group && group.querySelector("fieldset.sortable-rows");
        if (container) {
            numberAfterLast(container, row);
            equip(container, row);
        }
    });
    document.addEventListener("DOMContentLoaded", start);
})();
