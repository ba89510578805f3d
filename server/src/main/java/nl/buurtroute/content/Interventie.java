package nl.buurtroute.content;

/** One of the five proven interventies an antwoord can point to. */
public record Interventie(String id, String naam, String samenvatting) {
}
