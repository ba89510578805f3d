package nl.buurtroute.content;

import java.util.List;
import java.util.Optional;

/**
 * One of the four fasen, with its beslisboom: the vragen and the {@code eersteVraag} where every walk starts.
 * {@code inleiding} opens the fase for the room; {@code afsluiting} closes it and bridges to the next fase.
 */
public record Fase(String id, String naam, String motto, String inleiding, String afsluiting, String eersteVraag,
                   List<Vraag> vragen) {

  public Fase {
    vragen = List.copyOf(vragen);
  }

  public Optional<Vraag> vraag(String vraagId) {
    return vragen.stream().filter(v -> v.id().equals(vraagId)).findFirst();
  }
}
