package nl.buurtroute.http;

import io.vertx.ext.web.Router;

/** The pages behind friendly paths: /j/CODE to join, /f/ID the console, /b/ID the beamer, /r/ID a route, /beheer the organisation's overview. */
final class Pages {
  private Pages() {
  }

  static void mount(Router router) {
    page(router, "/j", "join.html");
    page(router, "/j/:code", "join.html");
    page(router, "/f/:sessionId", "console.html");
    page(router, "/b/:sessionId", "beamer.html");
    page(router, "/r/:sessionId", "review.html");
    page(router, "/c", "compare.html");
    page(router, "/beheer", "beheer.html");
  }

  private static void page(Router router, String path, String file) {
    router.get(path).handler(ctx -> ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .sendFile("web/" + file)
        .onFailure(ctx::fail));
  }
}
