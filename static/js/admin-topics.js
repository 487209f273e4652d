/* The event form's topics: the admin's select2 over existing topics, with how many events use
 * each, where typing a name that does not exist offers to add it as a new topic.
 *
 * The form sends the chosen names in the order of the select's options: a topic picked is
 * moved to the end, so the order shown is the order saved (events.admin.topic_field).
 * Existing topics come first (the server puts the exact name on top); "Add a new topic" comes
 * last, and not at all when a topic of that name exists, so Enter, which takes the highlighted
 * first option, picks an existing topic whenever one matches and never makes a near-copy.
 * Labels are returned as plain strings, which select2 escapes.
 */
"use strict";
(function ($) {
    function label(item) {
        if (item.loading) {
            return item.text;
        }
        if (item.newTopic) {
            return "Add a new topic: " + item.text;
        }
        if (item.count === undefined) {
            return item.text;
        }
        return item.text + " (" + item.count + (item.count === 1 ? " event)" : " events)");
    }

    function newTopic(params) {
        const name = params.term.trim();
        return name ? {id: name, text: name, newTopic: true} : null;
    }

    // select2 puts the typed name first (and leaves it out itself when a topic of that name,
    // in any case, is among the results); here it goes after the existing topics.
    function newTopicLast(results, tag) {
        results.push(tag);
    }

    function start(select) {
        const $select = $(select);
        $select.select2({
            ajax: {
                url: select.dataset.autocompleteUrl,
                dataType: "json",
                delay: 250,
                data: (params) => ({term: params.term || "", page: params.page || 1}),
            },
            tags: true,
            createTag: newTopic,
            insertTag: newTopicLast,
            templateResult: label,
            placeholder: select.dataset.placeholder,
            width: "100%",
        });
        $select.on("select2:select", (event) => {
            const option = event.params.data.element;
            if (option) {
                $select.append(option);
                $select.trigger("change.select2");
            }
        });
    }

    $(function () {
        document.querySelectorAll("select.topic-autocomplete").forEach(start);
    });
})(django.jQuery);
