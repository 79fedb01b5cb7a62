/// `try … with` (issue 15): the core's try region. The body's writes that completed before a throw are kept, as
/// F# keeps them, and the gradient is the derivative of the path that made the value.
module ExprGrad.FSharp.Tests.TryWithTests

open System
open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

let mutable private cleanups = 0

/// Counts the cleanups that ran: compiled code, an effect the gradient keeps (generic, so `note ()` returns a unit
/// value, as printfn does, not void).
let note (x: 'T) : 'T =
    cleanups <- cleanups + 1
    x

/// s = x·y, a[0] = sin x, a throw when x > t, s = s·y, a[1] = s², a throw when y > t, then 2s + a[1] or the handler's
/// s + a[0] + a[1]·z. Called plainly it is the reference: F#'s own try, run by .NET.
[<ReflectedDefinition>]
let throwing (p: float[]) =
    let x, y, z, t = p[0], p[1], p[2], p[3]
    let mutable s = x
    let a = Array.zeroCreate 2
    try
        s <- s * y
        a[0] <- sin x
        if x > t then failwith "boom"
        s <- s * y
        a[1] <- s * s
        if y > t then invalidOp "boom"
        s <- s + a[0] * z
        2.0 * s + a[1]
    with _ ->
        s + a[0] + a[1] * z

let private plain = throwing

let private thrower = grad <@ fun (p: float[]) -> throwing p @>

[<Fact>]
let ``a throw after some writes keeps them and adds the handler`` () =
    // t = 0.25 < x = 0.5: the body stops after s = x·y and a[0] = sin x; the handler gives x·y + sin x.
    // ∂/∂x = y + cos x = 2 + cos 0.5, ∂/∂y = x = 0.5, ∂/∂z = a[1] = 0.
    assertClose "first throw" [| 2.0 + cos 0.5; 0.5; 0.0; 0.0 |] (thrower [| 0.5; 2.0; 3.0; 0.25 |])
    // No throw (t = 10): 2·x·y² + 2·z·sin x + x²·y⁴: ∂/∂x = 2y² + 2z cos x + 2x·y⁴ = 24 + 6 cos 0.5, ∂/∂y = 4xy + 4x²y³ = 12.
    assertClose "no throw" [| 24.0 + 6.0 * cos 0.5; 12.0; 2.0 * sin 0.5; 0.0 |] (thrower [| 0.5; 2.0; 3.0; 10.0 |])

[<Property(MaxTest = 150, Replay = "(20261129,15)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``try … with matches central differences wherever the body throws`` (Vector v) =
    let p = Array.init 4 (fun i -> if i < v.Length then 2.0 * v[i] else 0.3 * float i - 0.5)
    // Central differences must not cross a throw: x and y stay away from the threshold.
    if abs (p[0] - p[3]) > 0.05 && abs (p[1] - p[3]) > 0.05 then
        assertClose $"at %A{p}" (numericGradient plain p) (thrower p)

[<Fact>]
let ``type-test arms pick the handler in F#'s order and what none matches escapes`` () =
    let f = grad <@ fun (x: float) ->
                try
                    if x > 1.0 then invalidArg "x" "too big"
                    if x < -1.0 then invalidOp "too small"
                    x * x
                with
                | :? ArgumentException -> 3.0 * x
                | :? InvalidOperationException -> sin x @>
    Assert.Equal(1.0, f 0.5)          // x² → 2x
    Assert.Equal(3.0, f 2.0)          // 3x → 3
    Assert.Equal(cos -2.0, f -2.0)    // sin x → cos x
    let escaping = grad <@ fun (x: float) -> try (if x > 1.0 then failwith "boom"); x * x with :? ArgumentException -> x @>
    Assert.Equal("boom", (Assert.Throws<Exception>(fun () -> escaping 2.0 |> ignore)).Message)

[<Fact>]
let ``an unused exception variable and a value inside an expression differentiate`` () =
    // sqrt of a negative is NaN in F#, no throw; a checked index throws: 2·(x + 1) at 1 is 4 via the handler.
    let f = grad <@ fun (xs: float[]) -> 2.0 * (try xs[5] * xs[5] with e -> xs[0] + 1.0) @>
    assertClose "handler" [| 2.0; 0.0 |] (f [| 1.0; 7.0 |])
    assertClose "body" [| 0.0; 0.0; 0.0; 0.0; 0.0; 6.0 |] (f [| 1.0; 1.0; 1.0; 1.0; 1.0; 1.5 |])

[<Fact>]
let ``a throw inside a loop that writes a mutable is rejected naming it`` () =
    let e = Assert.ThrowsAny<NotSupportedException>(fun () ->
        grad <@ fun (x: float) ->
            let mutable s = x
            try
                for i in 1 .. 3 do
                    s <- s * x
                    if s > 10.0 then failwith "big"
                s
            with _ -> s @> |> ignore)
    Assert.Contains("a throw (failwith, raise, invalidArg …) inside a loop that writes a mutable or a local array, in the body of a 'try … with'", e.Message)
    Assert.Contains("Fix: test the condition before the loop", e.Message)

[<Fact>]
let ``try … finally runs the cleanup also when the body throws`` () =
    let g = grad <@ fun (x: float) -> try (if x > 1.0 then failwith "boom"); x * x finally note () @>
    let before = cleanups
    Assert.Equal(1.0, g 0.5)   // x² → 2x
    Assert.Equal(before + 1, cleanups)
    Assert.Equal("boom", (Assert.Throws<Exception>(fun () -> g 2.0 |> ignore)).Message)
    Assert.Equal(before + 2, cleanups)

[<Fact>]
let ``hessian, diff and a nested diff take the path that ran`` () =
    let h = hessian <@ fun (w: float[]) -> try (if w[0] > 1.0 then failwith "big"); w[0] * w[0] * w[1] with _ -> w[0] * w[1] * w[1] @>
    // Body, w = (0.5, 3): w0²·w1 → [[2·w1, 2·w0], [2·w0, 0]] = [[6, 1], [1, 0]].
    Assert.Equal<float[,]>(array2D [ [ 6.0; 1.0 ]; [ 1.0; 0.0 ] ], h [| 0.5; 3.0 |])
    // Handler, w = (2, 3): w0·w1² → [[0, 2·w1], [2·w1, 2·w0]] = [[0, 6], [6, 4]].
    Assert.Equal<float[,]>(array2D [ [ 0.0; 6.0 ]; [ 6.0; 4.0 ] ], h [| 2.0; 3.0 |])
    // d/dx (try if x > 1 then failwith … ; x³ with _ -> 5x) = 3x² below 1, 5 above.
    let d = diff <@ fun (x: float) -> try (if x > 1.0 then failwith "big"); x * x * x with _ -> 5.0 * x @>
    Assert.Equal(0.75, d 0.5)
    Assert.Equal(5.0, d 2.0)
    // Nested: d/dx (x · d/dy (try … y² … with _ -> x·y)) at y = 0.5 (no throw): d/dx (x · 2·0.5) = 1.
    Assert.Equal(1.0, diff <@ fun x -> x * diff <@ fun y -> try (if y > 1.0 then failwith "big"); y * y with _ -> x * y @> 0.5 @> 2.0)
    // At y = 3 the handler ran: d/dx (x · x) = 2x = 4.
    Assert.Equal(4.0, diff <@ fun x -> x * diff <@ fun y -> try (if y > 1.0 then failwith "big"); y * y with _ -> x * y @> 3.0 @> 2.0)

[<Fact>]
let ``the handler sees the body's write, as the README's example says`` () =
    // s = x², value s² = x⁴ below 1 (4x³); above 1 the throw leaves s = x² (2x).
    let d = diff <@ fun x -> let mutable s = x in (try s <- s * x; (if x > 1.0 then failwith "big"); s * s with _ -> s) @>
    Assert.Equal(0.5, d 0.5)
    Assert.Equal(4.0, d 2.0)

[<Fact>]
let ``a when guard or reraise in an arm is rejected in F# terms`` () =
    let guarded = Assert.ThrowsAny<NotSupportedException>(fun () ->
        grad <@ fun (x: float) -> try sqrt x with _ when x > 0.0 -> x @> |> ignore)
    Assert.Contains("a 'with' arm with a 'when' guard or 'reraise ()'", guarded.Message)
    Assert.Contains("Fix: choose the arm with ':? T ->'", guarded.Message)
