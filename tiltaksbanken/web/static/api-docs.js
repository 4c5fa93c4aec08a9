// Starts Swagger UI on the API's OpenAPI document (kept out of the page: no inline scripts).
window.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: node.dataset.spec, dom_id: "#swagger-ui" });
});
