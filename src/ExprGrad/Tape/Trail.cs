using System.Runtime.CompilerServices;

namespace ExprGrad;

/// <summary>The values a loop state took at the start of each iteration, kept for the backward pass.</summary>
internal sealed class Trail<T>
{
    private T[] items = new T[8];
    private int count;

    public void Push(T value)
    {
        if (count == items.Length) Array.Resize(ref items, items.Length * 2);
        items[count++] = value;
    }

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
