// Swagger UI on the locally served swagger-ui-dist bundle (no CDN). validatorUrl: null stops the
// badge that would call validator.swagger.io; a separate file because the CSP forbids inline scripts.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
  })
})
