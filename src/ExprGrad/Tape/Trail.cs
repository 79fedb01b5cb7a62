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
}
