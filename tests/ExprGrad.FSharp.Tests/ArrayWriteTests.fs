/// Writes into an input or a captured array, and second names for arrays (issue 15). The function is
/// differentiated as written (reads after a write see the written value); the gradient is w.r.t. the input's
/// values on entry, and neither the caller's array nor a captured one is changed. Expected values by hand in each
/// test's comment, or central differences of the same function written in plain F# on a copy.
module ExprGrad.FSharp.Tests.ArrayWriteTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

/// A module-level array: the quotation reads it as a property.
let weights = [| 5.0; 7.0 |]

[<Fact>]
let ``a write into an input is seen by later reads and leaves the caller's array alone`` () =
    // x0 ← x0·x1, then x0 + x1: f = x0·x1 + x1 = 9 at (2, 3); ∇ = (x1, x0 + 1) = (3, 3).
    let input = [| 2.0; 3.0 |]
    let value, g = valueAndGrad <@ fun (x: float[]) -> x[0] <- x[0] * x[1]; x[0] + x[1] @> input
    Assert.Equal(9.0, value)
    Assert.Equal<float[]>([| 3.0; 3.0 |], g)
    Assert.Equal<float[]>([| 2.0; 3.0 |], input)

/// Prefix products written into the input in place, then a sum of sines of the result: plain F# on a copy.
let private plainPrefix (x: float[]) =
    let y = Array.copy x
    for i in 1 .. y.Length - 1 do y[i] <- y[i - 1] * y[i] + 0.5 * sin y[i]
    Array.sumBy sin y

let private prefix =
    valueAndGrad <@ fun (x: float[]) ->
        for i in 1 .. x.Length - 1 do x[i] <- x[i - 1] * x[i] + 0.5 * sin x[i]
        Array.sumBy sin x @>

[<Property(MaxTest = 100, Replay = "(20261129,101)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a loop writing into its input matches central differences at every length`` (Vector x) =
    let before = Array.copy x
    let value, g = prefix x
    Assert.Equal<float[]>(before, x)
    Assert.True(close (plainPrefix x) value, $"value at %A{x}")
    assertClose $"f at %A{x}" (numericGradient plainPrefix x) g

[<Fact>]
let ``a second name for an input writes the same array`` () =
    // y is x: y1 ← x0·y1 = 6, y2 ← x1·y2 with x1 = 6 now: 30 = x0·x1·x2; ∇ = (x1·x2, x0·x2, x0·x1) = (15, 10, 6).
    let g = valueAndGrad <@ fun (x: float[]) -> let y = x in (for i in 1 .. 2 do y[i] <- x[i - 1] * y[i]); x[2] @>
    Assert.Equal((30.0, [| 15.0; 10.0; 6.0 |]), g [| 2.0; 3.0; 5.0 |])

[<Fact>]
let ``an inner function writing into its parameter writes the array it is given`` () =
    // scale x by 2, then x0·x1 = 4·x0·x1 = 24 at (2, 3); ∇ = (4·x1, 4·x0) = (12, 8).
    let input = [| 2.0; 3.0 |]
    let value, g =
        valueAndGrad <@ fun (x: float[]) ->
            let scale (a: float[]) (c: float) = for i in 0 .. a.Length - 1 do a[i] <- a[i] * c
            scale x 2.0
            x[0] * x[1] @> input
    Assert.Equal((24.0, [| 12.0; 8.0 |]), (value, g))
    Assert.Equal<float[]>([| 2.0; 3.0 |], input)

[<Fact>]
let ``a captured array is read at each call and written only in the call's copy`` () =
    let local = [| 5.0; 7.0 |]
    // local0 ← x0·x1, then local0 + local1·x1 = x0·x1 + 7·x1 = 27 at (2, 3); ∇ = (x1, x0 + 7) = (3, 9).
    let f = valueAndGrad <@ fun (x: float[]) -> local[0] <- x[0] * x[1]; local[0] + local[1] * x[1] @>
    Assert.Equal((27.0, [| 3.0; 9.0 |]), f [| 2.0; 3.0 |])
    Assert.Equal<float[]>([| 5.0; 7.0 |], local)
    // A second call starts from the captured values again: the first call's write was its own.
    Assert.Equal((27.0, [| 3.0; 9.0 |]), f [| 2.0; 3.0 |])
    // The array is read when the function is called: a change the caller makes is seen.
    local[1] <- 1.0
    Assert.Equal((9.0, [| 3.0; 3.0 |]), f [| 2.0; 3.0 |])

[<Fact>]
let ``a module-level array written through a second name`` () =
    // w ← weights; w1 ← w1·x = 7x, then w0 + w1·x = 5 + 7x² = 33 at 2; derivative 14x = 28.
    let value, g = valueAndGrad <@ fun (x: float) -> let w = weights in w[1] <- w[1] * x; w[0] + w[1] * x @> 2.0
    Assert.Equal((33.0, 28.0), (value, g))
    Assert.Equal<float[]>([| 5.0; 7.0 |], weights)

[<Fact>]
let ``a Hessian and a Jacobian through a write into the input`` () =
    // x0 ← x0·x1, then x0·x1 = x0·x1²: H = [[0, 2x1], [2x1, 2x0]] = [[0, 6], [6, 4]] at (2, 3).
    let h = hessian <@ fun (x: float[]) -> x[0] <- x[0] * x[1]; x[0] * x[1] @> [| 2.0; 3.0 |]
    Assert.Equal<float[]>([| 0.0; 6.0 |], h[0, *])
    Assert.Equal<float[]>([| 6.0; 4.0 |], h[1, *])
    // x1 ← x0 + x1, returned: (x0, x0 + x1); J = [[1, 0], [1, 1]].
    let j = jacobian <@ fun (x: float[]) -> x[1] <- x[0] + x[1]; x @> [| 2.0; 3.0 |]
    Assert.Equal<float[]>([| 1.0; 0.0 |], j[0, *])
    Assert.Equal<float[]>([| 1.0; 1.0 |], j[1, *])

[<Fact>]
let ``a mutable second name is allowed when nothing is written after it`` () =
    // m is a, written before m is bound: Σ mᵢ² = x0² + x1² = 13 at (2, 3), ∇ = (4, 6).
    let g =
        valueAndGrad <@ fun (x: float[]) ->
            let a = Array.zeroCreate 2
            a[0] <- x[0]
            a[1] <- x[1]
            let mutable m = a
            let mutable s = 0.0
            for i in 0 .. 1 do s <- s + m[i] * m[i]
            s @>
    Assert.Equal((13.0, [| 4.0; 6.0 |]), g [| 2.0; 3.0 |])

[<Fact>]
let ``a second name for an array written after it is named`` () =
    rejects "second name 'm' for the array 'x', which is written" (fun () -> box (grad <@ fun (x: float[]) -> let mutable m = x in m[0] <- 1.0; x[0] @>))
    // Written before the name inside a loop: the next iteration writes after it.
    rejects "second name 'm' for the array 'a', which is written" (fun () ->
        box (grad <@ fun (x: float[]) ->
                let a = Array.zeroCreate 2
                let mutable s = 0.0
                for i in 0 .. 1 do
                    a[i] <- x[i]
                    let mutable m = a
                    s <- s + m[0]
                s @>))
    rejects "second name 'm' for the array 'x', which is written" (fun () ->
        box (grad <@ fun (x: float[]) -> let set0 (a: float[]) = a[0] <- 1.0 in let mutable m = x in set0 x; m[0] @>))
