package nl.buurtroute;
public class Main { public static void main(String[] a) {} }
