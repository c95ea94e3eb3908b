def test_x(app, boundaries):
    at = app({"gemeente": "12025"})
    at.switch_page("pages/partners.py").run()
    b = at.button(key="nieuw")
    print(b.proto)
    w = at.get_widget_states() if hasattr(at,'get_widget_states') else None
    b.click()
    print(at._tree.get_widget_states())
    at.run()
    print([ (b.label, b.key) for b in at.text_input])
    at.button(key="demo_weg").click().run()
    print(at.success)
