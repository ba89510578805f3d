package nl.buurtroute.content;

import java.util.List;

/**
 * The content as read from the YAML files, before any rule is checked. Every field may be missing (null);
 * {@link ContentValidator} reports that. A list is null when its file could not be read at all, so the
 * validator can skip the rules that depend on it instead of reporting follow-up errors ({@code fasen} is
 * null when the index file could not be read).
 * Each part remembers its file and its place, for the problem messages.
 */
record RawContent(String indexFile,
                  String colofon,
                  List<RawFase> fasen,
                  String rollenFile,
                  List<RawRol> rollen,
                  String elementenFile,
                  List<RawElement> werkzameElementen,
                  String interventiesFile,
                  List<RawInterventie> interventies,
                  String begrippenFile,
                  List<RawBegrip> begrippen) {

  /** A fase file named in the index; {@code readable} is false when the file is missing or not valid YAML. */
  record RawFase(String file, boolean readable, String place, String id, String naam, String motto,
                 String inleiding, String afsluiting, String eersteVraag, List<RawVraag> vragen) {
  }

  /** {@code gespreksvragen} is null when the field is missing; {@code minuten} null when missing or not a number. */
  record RawVraag(String place, String id, String tekst, String toelichting, List<String> gespreksvragen,
                  Integer minuten, List<RawAntwoord> antwoorden) {
  }

  record RawAntwoord(String place, String id, String tekst, List<String> rollen, String reflectie,
                     List<Integer> werkzameElementen, List<String> interventies, String volgende) {
  }

  record RawRol(String place, String id, String naam, String beschrijving) {
  }

  record RawElement(String place, Integer nummer, String naam, String uitleg) {
  }

  record RawInterventie(String place, String id, String naam, String samenvatting) {
  }

  record RawBegrip(String place, String term, String uitleg) {
  }
}
