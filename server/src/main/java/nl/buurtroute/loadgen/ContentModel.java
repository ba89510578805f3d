package nl.buurtroute.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The content as the generator needs it, from {@code GET /api/content}: per vraag the antwoorden each rol
 * may give, each with its vote frame serialised once up front.
 */
final class ContentModel {
  record Antwoord(String id, String voteFrame) {
  }

  final List<String> rollen = new ArrayList<>();
  private final Map<String, List<Antwoord>> antwoorden = new HashMap<>();
  private final Map<String, Map<String, List<Antwoord>>> allowed = new HashMap<>();

  static ContentModel from(JsonObject content) {
    ContentModel model = new ContentModel();
    for (Object r : content.getJsonArray("rollen")) {
      model.rollen.add(((JsonObject) r).getString("id"));
    }
    for (Object f : content.getJsonArray("fasen")) {
      for (Object v : ((JsonObject) f).getJsonArray("vragen")) {
        JsonObject vraag = (JsonObject) v;
        String vraagId = vraag.getString("id");
        List<Antwoord> all = new ArrayList<>();
        Map<String, List<Antwoord>> perRol = new HashMap<>();
        model.rollen.forEach(rol -> perRol.put(rol, new ArrayList<>()));
        for (Object a : vraag.getJsonArray("antwoorden")) {
          JsonObject antwoord = (JsonObject) a;
          String id = antwoord.getString("id");
          Antwoord entry = new Antwoord(id, new JsonObject().put("type", "vote").put("vraagId", vraagId)
              .put("antwoordId", id).encode());
          all.add(entry);
          JsonArray rollen = antwoord.getJsonArray("rollen");
          for (String rol : model.rollen) {
            if (rollen == null || rollen.isEmpty() || rollen.contains(rol)) {
              perRol.get(rol).add(entry);
            }
          }
        }
        model.antwoorden.put(vraagId, all);
        model.allowed.put(vraagId, perRol);
      }
    }
    return model;
  }

  List<Antwoord> antwoorden(String vraagId) {
    List<Antwoord> list = antwoorden.get(vraagId);
    if (list == null) {
      throw new IllegalStateException("onbekende vraag " + vraagId);
    }
    return list;
  }

  List<Antwoord> allowed(String vraagId, String rol) {
    return allowed.get(vraagId).get(rol);
  }
}
