using System.Runtime.CompilerServices;

namespace ExprGrad.Runtime;

/// <summary>The values a loop state took at the start of each iteration, kept for the backward pass. Public, as
/// <see cref="Kernels"/> is, so that printed gradient code compiles; not meant to be used by hand.</summary>
/// <typeparam name="T">The state's type.</typeparam>
public sealed class Trail<T>
{
    private T[] items = new T[8];
    private int count;

    /// <summary>Appends the state of one iteration.</summary>
    /// <param name="value">The state.</param>
    public void Push(T value)
    {
        if (count == items.Length) Array.Resize(ref items, items.Length * 2);
        items[count++] = value;
    }

    /// <summary>The state pushed <paramref name="index"/>-th.</summary>
    /// <param name="index">0 for the first pushed.</param>
    /// <returns>The state.</returns>
    public T Get(int index) => items[index];

    /// <summary>Empties the trail for another run of its loop, keeping its capacity (a reused trail).</summary>
    public void Clear() => count = 0;

    /// <summary>Empties the trail and lets go of the values it held, so that a trail kept for the next call
    /// keeps no caller's arrays alive.</summary>
    public void Release()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(items, 0, count);
        count = 0;
    }
}
