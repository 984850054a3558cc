/// The web view's one script (`/live.js`, same origin, the only one the policy lets run).
/// It follows the page's event stream and adds what arrives; the rows and table rows come
/// from the server already escaped. Without JavaScript every page still shows everything
/// it had when loaded.
enum LiveScript {
    static let path = "/live.js"

    static let text = #"""
        "use strict";
        (function () {
          function follow(url, handlers) {
            var source = new EventSource(url);
            source.addEventListener("rows", function (e) { handlers.rows(e.data); });
            source.addEventListener("listing", function (e) { handlers.listing(e.data); });
            source.addEventListener("ended", function () { source.close(); handlers.ended(); });
            source.addEventListener("reload", function () { source.close(); window.location.reload(); });
            source.onerror = function () { source.close(); handlers.ended(); };
          }
          function ignore() {}
          var live = document.getElementById("live");
          var exchange = document.getElementById("exchange");
          if (live && exchange) {
            follow(live.dataset.stream + "?from=" + exchange.children.length, {
              rows: function (html) { exchange.insertAdjacentHTML("beforeend", html); },
              listing: ignore,
              ended: function () { live.textContent = "the conversation has ended"; }
            });
          }
          var table = document.getElementById("conversations");
          if (table && table.dataset.stream) {
            follow(table.dataset.stream, {
              rows: ignore,
              listing: function (html) {
                var holder = document.createElement("tbody");
                holder.innerHTML = html;
                var body = table.tBodies[0];
                while (holder.firstElementChild) {
                  var row = holder.firstElementChild;
                  var old = document.getElementById(row.id);
                  if (old) { old.replaceWith(row); } else { body.prepend(row); }
                }
                while (body.rows.length > 500) { body.deleteRow(-1); }
              },
              ended: ignore
            });
          }
        })();

        """#
}
