package nl.buurtroute.content;

/** One of the ten werkzame elementen of the guide, numbered 1..10 in the guide's order. */
public record WerkzaamElement(int nummer, String naam, String uitleg) {
}
