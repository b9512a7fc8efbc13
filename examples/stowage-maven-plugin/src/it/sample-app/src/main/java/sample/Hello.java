package sample;

public final class Hello {
    public static void main(String[] args) {
        System.out.println("hello from an image built by stowage:build");
    }
}
