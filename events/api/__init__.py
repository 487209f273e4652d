"""The read API, `/api/v1/`: the public archive as JSON (django-ninja).

- `urls`: the API object, its routes and its OpenAPI schema and documentation page;
- `events`, `days`, `topics`, `outlets`, `dumps`: the endpoints, one module per resource;
- `schemas`: what every response holds (the OpenAPI schema is made from these);
- `params`: the query parameters each endpoint takes, and the refusal of any other;
- `cursors`: cursor pagination on the whole ordering key;
- `queries`, `outlet_queries`: what the endpoints read, always from
  `Event.objects.published()`;
- `errors`: every error as JSON naming the parameter at fault;
- `headers`: readable from any site (CORS) without one cached copy per site.
"""
