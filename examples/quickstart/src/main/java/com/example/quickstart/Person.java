package com.example.quickstart;

public record Person(String name) {}
