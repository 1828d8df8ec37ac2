package katas.kit.process;

/** The smallest child: prints one line and exits 0. Used by the start-cost measurement and the tests. */
public final class Hello {

    private Hello() {}

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
