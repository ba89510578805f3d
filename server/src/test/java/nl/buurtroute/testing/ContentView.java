package nl.buurtroute.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.stream.Collectors;

/** The served content as a client sees it, with lookups tests need to walk the trees. */
public record ContentView(JsonObject json) {

  public static ContentView of(TestServer server) {
    return new ContentView(new JsonObject(server.get("/api/content").body()));
  }

  public JsonObject vraag(String vraagId) {
    for (Object f : json.getJsonArray("fasen")) {
      for (Object v : ((JsonObject) f).getJsonArray("vragen")) {
        if (((JsonObject) v).getString("id").equals(vraagId)) {
          return (JsonObject) v;
        }
      }
    }
    throw new AssertionError("no vraag " + vraagId);
  }

  public List<JsonObject> antwoorden(String vraagId) {
    return vraag(vraagId).getJsonArray("antwoorden").stream().map(a -> (JsonObject) a).collect(Collectors.toList());
  }

  /** Antwoorden this rol may give. */
  public List<String> allowed(String vraagId, String rol) {
    return antwoorden(vraagId).stream()
        .filter(a -> a.getJsonArray("rollen").isEmpty() || a.getJsonArray("rollen").contains(rol))
        .map(a -> a.getString("id")).toList();
  }

  /** An antwoord every rol may give. */
  public String open(String vraagId, int index) {
    List<String> open = antwoorden(vraagId).stream().filter(a -> a.getJsonArray("rollen").isEmpty())
        .map(a -> a.getString("id")).toList();
    return open.get(index % open.size());
  }

  /** An antwoord this rol may NOT give, or null. */
  public String forbidden(String vraagId, String rol) {
    return antwoorden(vraagId).stream()
        .filter(a -> !a.getJsonArray("rollen").isEmpty() && !a.getJsonArray("rollen").contains(rol))
        .map(a -> a.getString("id")).findFirst().orElse(null);
  }

  public String volgende(String vraagId, String antwoordId) {
    return antwoorden(vraagId).stream().filter(a -> a.getString("id").equals(antwoordId)).findFirst()
        .orElseThrow().getString("volgende");
  }

  public JsonArray fasen() {
    return json.getJsonArray("fasen");
  }

  public String eersteVraag(int fase) {
    return fasen().getJsonObject(fase).getString("eersteVraag");
  }
}
