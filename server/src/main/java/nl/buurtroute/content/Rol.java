package nl.buurtroute.content;

/** A point of view from which people answer: inwoner, wijkprofessional or beleidsambtenaar. */
public record Rol(String id, String naam, String beschrijving) {
}
