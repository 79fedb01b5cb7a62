namespace ExprGrad.Runtime;

/// <summary>
/// Where a compiled program keeps one loop's trail between calls: one idle trail per thread, so a program
/// called again on the same thread reuses the capacity the last call grew, and calls on other threads never
/// share it. A call takes the trail out (<see cref="Rent"/>) and puts it back when it returns
/// (<see cref="Return"/>): a call that throws, or a nested call to the same program on the same thread, finds
/// none and allocates a fresh one; nothing is ever shared between two running calls.
/// </summary>
internal sealed class TrailPool<T>
{
    private readonly ThreadLocal<Trail<T>?> idle = new();

    public Trail<T> Rent()
    {
        var trail = idle.Value;
        if (trail is null) return new Trail<T>();
        idle.Value = null;
        return trail;
    }

    public void Return(Trail<T> trail)
    {
        trail.Release();
        idle.Value = trail;
    }

    /// <summary>How GradientCode prints the pool: a static-looking name, since the pool is part of the program.</summary>
    public override string ToString() => $"TrailPool<{CSharpSyntax.TypeName(typeof(T))}>";
}
