package dev.quarry.spring.boot.autoconfigure.app;

public record PersonName(String first, String last) {}
